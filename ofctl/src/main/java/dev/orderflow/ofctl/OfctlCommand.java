package dev.orderflow.ofctl;

import dev.orderflow.ofctl.commands.AlertsCommand;
import dev.orderflow.ofctl.commands.AuditCommand;
import dev.orderflow.ofctl.commands.DashboardCommand;
import dev.orderflow.ofctl.commands.FlagsCommand;
import dev.orderflow.ofctl.commands.LoadCommand;
import dev.orderflow.ofctl.commands.OrdersCommand;
import dev.orderflow.ofctl.commands.PositionsCommand;
import dev.orderflow.ofctl.commands.ReconcileCommand;
import dev.orderflow.ofctl.commands.ReportCommand;
import dev.orderflow.ofctl.commands.StatusCommand;
import dev.orderflow.ofctl.commands.TopicsCommand;
import dev.orderflow.ofctl.commands.TradingStateCommand;
import dev.orderflow.ofctl.commands.ValidateCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.List;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "ofctl", mixinStandardHelpOptions = true, version = "ofctl 0.1.0",
        description = {"Operate Order Flow Hardening: status, flags, orders, trading state, reconciliation, live dashboard, alerts, reports, audit trail, load test.",
                "Finds the local stack by itself after deploy/local/up; elsewhere give --config FILE, OFCTL_* variables or --set KEY=VALUE.",
                "Exit codes: 0 ok, 1 failed, 2 usage, 3 a check did not pass."})
public class OfctlCommand {

    /**
     * The subcommands, in the order {@code --help} lists them. They are added by {@link CommandLineSetup}
     * rather than named in {@code @Command(subcommands)}: picocli builds a command's model by reflection
     * when it is added, and a run needs only the one it was asked for.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(StatusCommand.class, FlagsCommand.class, ValidateCommand.class,
            OrdersCommand.class, PositionsCommand.class, TradingStateCommand.class, ReconcileCommand.class,
            DashboardCommand.class, AlertsCommand.class, ReportCommand.class, AuditCommand.class, LoadCommand.class,
            TopicsCommand.class);
}
