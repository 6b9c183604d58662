package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.audit.AuditFilter;
import dev.orderflow.ofctl.audit.AuditReader;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.config.Settings;
import dev.orderflow.ofctl.output.OutputOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The audit trail: the events themselves, read from Kafka. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read the audit trail: the events on Kafka.",
        subcommands = {AuditCommand.Tail.class})
public class AuditCommand {

    private static final int SUMMARY_WIDTH = 110;

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Events of orders.events, orders.decisions, orders.commands, ops.alerts and ops.reconciliation",
                    "(with --type: the topics of those types), read from Kafka without a consumer group, oldest first.",
                    "-o json prints one CloudEvent per line (data, type, subject, time...), ready for jq:",
                    "  ofctl audit tail --type ENTRY_SLIPPAGE --since 1d -o json | jq '.data.slippageBps'"})
    static class Tail implements java.util.concurrent.Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;

        @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "only these event types (repeat or comma-separate): ${COMPLETION-CANDIDATES}")
        Set<EventType> types;
        @Option(names = "--symbol", description = "only events of this symbol") String symbol;
        @Option(names = "--coid", paramLabel = "CLIENT_ORDER_ID", description = "only events of this client order id") String coid;
        @Option(names = "--since", converter = SinceConverter.class,
                description = "from this time: an age (90s, 15m, 2h, 7d) or an ISO instant (default: 15m)") Instant since;
        @Option(names = "--from-beginning", description = "from the oldest record Kafka keeps") boolean fromBeginning;
        @Option(names = {"-f", "--follow"}, description = "keep printing new events until Ctrl-C") boolean follow;

        @Override
        public Integer call() {
            AuditFilter filter = new AuditFilter(types, symbol, coid);
            Instant start = fromBeginning ? null : since != null ? since : Instant.now().minus(Duration.ofMinutes(15));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AtomicInteger rejectedCount = new AtomicInteger();
            if (!output.json()) {
                out.printf("%-24s  %-20s  %-22s  %s%n", "TIME", "TYPE", "SUBJECT", "DATA");
            }
            try (AuditReader reader = new AuditReader(connection.settings().require(Settings.BOOTSTRAP_SERVERS))) {
                Thread stopper = new Thread(reader::stop, "ofctl-audit-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                reader.read(filter.topics(), start, follow, (event, key) -> {
                    if (filter.matches(event, key)) {
                        out.println(output.json() ? EventJson.structured(event).toString() : row(event));
                        out.flush();
                    }
                }, rejected -> {
                    rejectedCount.incrementAndGet();
                    err.println("WARNING " + rejected.topic() + "/" + rejected.partition() + "@" + rejected.offset()
                            + " breaks the contract: " + rejected.problem());
                    err.flush();
                });
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException e) {
                    // already shutting down (Ctrl-C during --follow)
                }
            }
            return ExitCodes.OK;
        }

        private static String row(EventEnvelope<?> event) {
            JsonNode data = EventJson.toTree(event.data());
            String summary = data.toString();
            if (summary.length() > SUMMARY_WIDTH) {
                summary = summary.substring(0, SUMMARY_WIDTH - 3) + "...";
            }
            return String.format("%-24s  %-20s  %-22s  %s", event.time(), event.type(), event.subject() == null ? "-" : event.subject(), summary);
        }
    }
}
