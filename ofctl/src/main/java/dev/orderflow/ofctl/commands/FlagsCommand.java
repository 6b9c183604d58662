package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.client.ServiceClient.Answer;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.ofctl.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The flags services run with (GET /q/flags of each), or the flags the guide sets for a rollout phase. */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = {"Without --phase: the effective flags of every running service side by side (or of one with --service),",
                "exit code 3 when services disagree on a flag. With --phase: the flags of a rollout phase as the guide",
                "defines them (phases are cumulative), as an env file by default."})
public class FlagsCommand implements Callable<Integer> {

    enum Format { table, json, env }

    @Option(names = "--phase", paramLabel = "PHASE", description = "print the flags of a phase instead: 1, 2, 3, 4 or full")
    String phase;

    @Option(names = "--service", paramLabel = "SERVICE", description = "one service: order-gateway, risk-guards, telemetry-service, "
            + "reconciler, paper-exchange (short names gateway, guards, telemetry, exchange work too)")
    String service;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "table or json; with --phase also env (the default there; table elsewhere)")
    Format format;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return phase != null ? printPhase() : printLive();
    }

    private int printPhase() {
        RolloutPhase rolloutPhase = RolloutPhase.parse(phase).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Unknown phase '" + phase + "'; accepted values: 1, 2, 3, 4, full"));
        PrintWriter out = spec.commandLine().getOut();
        Map<FeatureFlag, String> values = RolloutPlan.valuesAt(rolloutPhase);
        switch (format == null ? Format.env : format) {
            case table -> {
                Table table = new Table("FLAG", "VALUE", "PHASE");
                values.forEach((flag, value) -> table.row(flag.envName(), value, flag.phase().map(RolloutPhase::overlay).orElse("master")));
                table.print(out);
            }
            case json -> {
                ObjectNode node = EventJson.mapper().createObjectNode();
                values.forEach((flag, value) -> node.put(flag.envName(), value));
                OutputOptions.printJson(out, node);
            }
            case env -> {
                out.println("# " + rolloutPhase.title() + " (" + rolloutPhase.overlay() + ")");
                values.forEach((flag, value) -> out.println(flag.envName() + "=" + value));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int printLive() {
        if (format == Format.env) {
            throw new ParameterException(spec.commandLine(), "-o env only goes with --phase");
        }
        List<Service> services = service == null ? Arrays.asList(Service.values())
                : List.of(Service.byName(service).orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "Unknown service '" + service + "'; accepted values: order-gateway, risk-guards, telemetry-service, reconciler, paper-exchange")));
        Map<Service, CompletableFuture<Answer>> calls = new LinkedHashMap<>();
        services.forEach(s -> calls.put(s, ServiceClient.of(connection.settings(), s).send("GET", "/q/flags", null)));
        Map<Service, JsonNode> flags = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        calls.forEach((s, call) -> ServiceClient.await(call).filter(Answer::ok).ifPresentOrElse(a -> flags.put(s, a.body()),
                () -> unreachable.add(s.serviceName())));
        if (service != null && flags.isEmpty()) {
            // one service asked for and it did not answer: that is a failure, not an empty table
            ServiceClient.of(connection.settings(), services.getFirst()).get("/q/flags");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> disagreements = disagreements(flags);
        if (format == Format.json) {
            ObjectNode node = EventJson.mapper().createObjectNode();
            flags.forEach((s, body) -> node.set(s.serviceName(), body));
            OutputOptions.printJson(out, node);
        } else if (service != null) {
            JsonNode body = flags.values().iterator().next();
            Table table = new Table("FLAG", "EFFECTIVE", "CONFIGURED", "SET", "PHASE", "DESCRIPTION");
            body.path("flags").forEach(f -> table.row(f.path("name").asText(), f.path("effective").asText(), f.path("configured").asText(),
                    f.path("explicitlySet").asBoolean() ? "yes" : "default", f.path("phase").asText(), f.path("description").asText()));
            table.print(out);
            out.println("hash " + body.path("hash").asText() + ", master switch " + (body.path("masterSwitch").asBoolean() ? "on" : "off"));
        } else {
            List<String> headers = new ArrayList<>(List.of("FLAG"));
            flags.keySet().forEach(s -> headers.add(s.serviceName()));
            Table table = new Table(headers.toArray(String[]::new));
            for (FeatureFlag flag : FeatureFlag.values()) {
                List<Object> row = new ArrayList<>(List.of(flag.envName()));
                flags.values().forEach(body -> row.add(effective(body, flag.envName())));
                table.row(row.toArray());
            }
            List<Object> hashes = new ArrayList<>(List.of("(hash)"));
            flags.values().forEach(body -> hashes.add(StatusCommand.shortHash(body.path("hash").asText())));
            table.row(hashes.toArray());
            table.print(out);
        }
        unreachable.forEach(s -> spec.commandLine().getErr().println("WARNING " + s + " did not answer"));
        disagreements.forEach(d -> spec.commandLine().getErr().println("WARNING " + d));
        out.flush();
        spec.commandLine().getErr().flush();
        return disagreements.isEmpty() && unreachable.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static List<String> disagreements(Map<Service, JsonNode> flags) {
        List<String> found = new ArrayList<>();
        for (FeatureFlag flag : FeatureFlag.values()) {
            Map<String, List<String>> byValue = new LinkedHashMap<>();
            flags.forEach((s, body) -> byValue.computeIfAbsent(effective(body, flag.envName()), v -> new ArrayList<>()).add(s.serviceName()));
            if (byValue.size() > 1) {
                found.add(flag.envName() + " differs: " + byValue.entrySet().stream()
                        .map(e -> e.getKey() + " on " + String.join(", ", e.getValue())).toList());
            }
        }
        return found;
    }

    private static String effective(JsonNode body, String name) {
        for (JsonNode flag : body.path("flags")) {
            if (flag.path("name").asText().equals(name)) {
                return flag.path("effective").asText();
            }
        }
        return "-";
    }
}
