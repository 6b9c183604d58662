package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.ofctl.output.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The telemetry service's alerts (/api/v1/alerts): the alert table evaluated live. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Open alerts and recently resolved ones, newest first, with the guide's action for each.",
                "Exit code 3 while a CRITICAL alert is open, whatever the filters show, so a script can gate on it:",
                "  ofctl alerts --open || echo 'do not roll out'"})
public class AlertsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Option(names = "--open", description = "only alerts still open")
    boolean openOnly;

    @Option(names = "--since", converter = SinceConverter.class,
            description = "resolved alerts only when resolved at or after this time: an age (90s, 15m, 2h, 7d) or an ISO instant; open alerts are always shown")
    Instant since;

    @Option(names = "--severity", paramLabel = "SEVERITY", description = "only this severity: ${COMPLETION-CANDIDATES}")
    AlertSeverity severity;

    @Override
    public Integer call() {
        JsonNode answer = ServiceClient.of(connection.settings(), Service.TELEMETRY).get("/api/v1/alerts");
        List<JsonNode> shown = new ArrayList<>();
        boolean criticalOpen = false;
        for (JsonNode alert : answer.path("open")) {
            criticalOpen |= AlertSeverity.CRITICAL.name().equals(alert.path("severity").asText());
            if (wanted(alert)) {
                shown.add(alert);
            }
        }
        if (!openOnly) {
            for (JsonNode alert : answer.path("recent")) {
                if (wanted(alert) && (since == null || !Instant.parse(alert.path("resolvedAt").asText()).isBefore(since))) {
                    shown.add(alert);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode report = EventJson.mapper().createObjectNode();
            ArrayNode alerts = report.putArray("alerts");
            shown.forEach(alerts::add);
            report.put("criticalOpen", criticalOpen);
            OutputOptions.printJson(out, report);
        } else if (shown.isEmpty()) {
            out.println(openOnly ? "No open alerts." : "No alerts.");
        } else {
            Table table = new Table("SEVERITY", "STATE", "RULE", "METRIC", "VALUE", "THRESHOLD", "RAISED", "RESOLVED", "ACTION");
            shown.forEach(a -> table.row(a.path("severity").asText(), a.path("active").asBoolean() ? "OPEN" : "resolved",
                    rule(a), a.path("metric").asText(), withUnit(a.get("observed"), a), withUnit(a.get("threshold"), a),
                    a.path("raisedAt").asText(), a.path("resolvedAt").asText("-"), a.path("action").asText()));
            table.print(out);
        }
        out.flush();
        return criticalOpen ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private boolean wanted(JsonNode alert) {
        return severity == null || severity.name().equals(alert.path("severity").asText());
    }

    /** The rule, with its subject (a service or instance) when it is about one and not the whole flow. */
    static String rule(JsonNode alert) {
        String subject = alert.path("subject").asText("");
        return alert.path("rule").asText() + (subject.isBlank() ? "" : " " + subject);
    }

    static String withUnit(JsonNode value, JsonNode alert) {
        if (value == null || value.isNull()) {
            return "-";
        }
        String unit = alert.path("unit").asText("");
        return value.decimalValue().stripTrailingZeros().toPlainString() + (unit.isBlank() ? "" : " " + unit);
    }
}
