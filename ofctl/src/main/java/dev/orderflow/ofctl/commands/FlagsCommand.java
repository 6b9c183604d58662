package dev.orderflow.ofctl;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Prints the flag values of a rollout phase, as the guide defines them. */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "Print the flags of a rollout phase (phases are cumulative) as an env file or a table.")
public class FlagsCommand implements Callable<Integer> {

    @Option(names = "--phase", defaultValue = "full", description = "1, 2, 3, 4 or full (default: ${DEFAULT-VALUE})")
    String phase;

    @Option(names = "--format", defaultValue = "env", description = "env or table (default: ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RolloutPhase rolloutPhase = RolloutPhase.parse(phase).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Unknown phase '" + phase + "'; accepted values: 1, 2, 3, 4, full"));
        PrintWriter out = spec.commandLine().getOut();
        Map<FeatureFlag, String> values = RolloutPlan.valuesAt(rolloutPhase);
        if ("table".equals(format)) {
            out.printf("%-34s %-6s %s%n", "FLAG", "VALUE", "PHASE");
            values.forEach((flag, value) -> out.printf("%-34s %-6s %s%n", flag.envName(), value,
                    flag.phase().map(RolloutPhase::overlay).orElse("master")));
        } else {
            out.println("# " + rolloutPhase.title() + " (" + rolloutPhase.overlay() + ")");
            values.forEach((flag, value) -> out.println(flag.envName() + "=" + value));
        }
        return 0;
    }
}
