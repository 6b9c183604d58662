package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.client.ServiceClient.Answer;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.config.Settings;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.ofctl.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** One look at the whole system: every request goes out at once, so the answer takes one round trip. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Every service's live / ready / started health, version and flags hash (warns when replicas disagree),",
                "the trading state, open alerts and the last reconciliation.",
                "Exit code 3 when a service is not live and ready, replicas disagree on flags, or a critical alert is open."})
public class StatusCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = connection.settings();
        Map<Service, ServiceClient> clients = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            clients.put(service, ServiceClient.of(settings, service));
        }
        Map<Service, Map<String, CompletableFuture<Answer>>> probes = new LinkedHashMap<>();
        clients.forEach((service, client) -> {
            Map<String, CompletableFuture<Answer>> calls = new LinkedHashMap<>();
            for (String probe : List.of("live", "ready", "started")) {
                calls.put(probe, client.send("GET", "/q/health/" + probe, null));
            }
            calls.put("flags", client.send("GET", "/q/flags", null));
            probes.put(service, calls);
        });
        CompletableFuture<Answer> instances = clients.get(Service.TELEMETRY).send("GET", "/api/v1/services", null);
        CompletableFuture<Answer> alerts = clients.get(Service.TELEMETRY).send("GET", "/api/v1/alerts", null);
        CompletableFuture<Answer> tradingState = clients.get(Service.GATEWAY).send("GET", "/api/v1/trading-state", null);
        CompletableFuture<Answer> lastRun = clients.get(Service.RECONCILER).send("GET", "/api/v1/reconciliation/runs?limit=1", null);

        ObjectNode report = EventJson.mapper().createObjectNode();
        ArrayNode services = report.putArray("services");
        List<String> problems = new ArrayList<>();
        JsonNode instanceList = answer(instances).filter(Answer::ok).map(Answer::body).orElse(null);
        probes.forEach((service, calls) -> {
            ObjectNode row = services.addObject();
            row.put("service", service.serviceName());
            row.put("url", clients.get(service).base().toString());
            for (String probe : List.of("live", "ready", "started")) {
                String state = health(calls.get(probe));
                row.put(probe, state);
                if (!probe.equals("started") && !state.equals("UP")) {
                    problems.add(service.serviceName() + " is not " + probe + " (" + state + ")");
                }
            }
            answer(calls.get("flags")).filter(Answer::ok).ifPresent(a -> row.put("flagsHash", a.body().path("hash").asText()));
            if (instanceList != null) {
                List<JsonNode> replicas = new ArrayList<>();
                instanceList.forEach(i -> {
                    if (i.path("service").asText().equals(service.serviceName())) {
                        replicas.add(i);
                    }
                });
                ArrayNode replicaNodes = row.putArray("instances");
                replicas.forEach(replicaNodes::add);
                replicas.stream().map(i -> i.path("version").asText(null)).filter(v -> v != null).findFirst()
                        .ifPresent(v -> row.put("version", v));
                Map<String, List<String>> byHash = new TreeMap<>();
                replicas.stream().filter(i -> !"MISSING".equals(i.path("status").asText()))
                        .forEach(i -> byHash.computeIfAbsent(i.path("flagsHash").asText(), h -> new ArrayList<>()).add(i.path("instance").asText()));
                if (byHash.size() > 1) {
                    problems.add(service.serviceName() + " replicas run different flags: " + byHash.entrySet().stream()
                            .map(e -> shortHash(e.getKey()) + " on " + String.join(", ", e.getValue())).collect(Collectors.joining("; ")));
                }
            }
        });
        answer(tradingState).ifPresentOrElse(a -> report.set("tradingState", a.ok() ? a.body()
                : EventJson.mapper().createObjectNode().put("error", ServiceClient.describe(a))),
                () -> report.putObject("tradingState").put("error", "order-gateway did not answer"));
        answer(lastRun).ifPresentOrElse(a -> {
            if (a.ok() && a.body().isArray() && !a.body().isEmpty()) {
                report.set("lastReconciliation", a.body().get(0));
            } else if (!a.ok()) {
                report.putObject("lastReconciliation").put("error", ServiceClient.describe(a));
            }
        }, () -> report.putObject("lastReconciliation").put("error", "reconciler did not answer"));
        answer(alerts).ifPresentOrElse(a -> {
            if (a.ok()) {
                JsonNode list = a.body().path("open");
                report.set("openAlerts", list);
                list.forEach(alert -> {
                    if ("CRITICAL".equalsIgnoreCase(alert.path("severity").asText())) {
                        problems.add("critical alert open: " + alert.path("rule").asText(alert.path("metric").asText()));
                    }
                });
            } else {
                report.put("openAlertsError", ServiceClient.describe(a));
            }
        }, () -> report.put("openAlertsError", "telemetry-service did not answer"));
        ArrayNode problemNodes = report.putArray("problems");
        problems.forEach(problemNodes::add);

        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, report);
        } else {
            printTable(out, report, problems);
        }
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static void printTable(PrintWriter out, ObjectNode report, List<String> problems) {
        Table table = new Table("SERVICE", "LIVE", "READY", "STARTED", "VERSION", "FLAGS", "INSTANCES", "URL");
        report.get("services").forEach(s -> table.row(s.get("service").asText(), s.get("live").asText(), s.get("ready").asText(),
                s.get("started").asText(), s.path("version").asText("-"), shortHash(s.path("flagsHash").asText("-")),
                s.has("instances") ? s.get("instances").size() : "-", s.get("url").asText()));
        table.print(out);
        out.println();
        JsonNode state = report.get("tradingState");
        out.println("Trading state:       " + (state.has("error") ? "unknown (" + state.get("error").asText() + ")"
                : state.path("state").asText() + reasonAndWho(state)));
        JsonNode run = report.get("lastReconciliation");
        // A run the reconciler answered always has a runId (and "error": null unless it failed); an object
        // with only an error is the request that got no answer.
        out.println("Last reconciliation: " + (run == null ? "none yet" : !run.has("runId") ? "unknown (" + run.path("error").asText() + ")"
                : run.path("runId").asText() + " " + run.path("kind").asText() + " " + run.path("phase").asText() + " at "
                + run.path("finishedAt").asText(run.path("startedAt").asText()) + ", " + run.path("findings").size() + " findings"
                + (run.hasNonNull("error") ? ", error: " + run.get("error").asText() : "")));
        if (report.has("openAlerts")) {
            JsonNode alerts = report.get("openAlerts");
            out.println("Open alerts:         " + (alerts.isEmpty() ? "none" : alerts.size()));
            alerts.forEach(a -> out.println("  " + a.path("severity").asText() + " " + a.path("rule").asText(a.path("metric").asText())
                    + " " + a.path("value").asText("") + " (threshold " + a.path("threshold").asText("?") + ")"));
        } else {
            out.println("Open alerts:         unknown (" + report.get("openAlertsError").asText() + ")");
        }
        if (!problems.isEmpty()) {
            out.println();
            problems.forEach(p -> out.println("WARNING " + p));
        }
        out.flush();
    }

    private static String reasonAndWho(JsonNode state) {
        StringBuilder text = new StringBuilder();
        if (state.hasNonNull("reason") && !state.get("reason").asText().isBlank()) {
            text.append(" (").append(state.get("reason").asText()).append(')');
        }
        if (state.hasNonNull("updatedBy")) {
            text.append(", set by ").append(state.get("updatedBy").asText()).append(" at ").append(state.path("updatedAt").asText());
        }
        return text.toString();
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private static String health(CompletableFuture<Answer> probe) {
        return answer(probe).map(a -> a.status() == 404 ? "n/a" : a.body().path("status").asText(a.ok() ? "UP" : "HTTP " + a.status()))
                .orElse("UNREACHABLE");
    }

    private static java.util.Optional<Answer> answer(CompletableFuture<Answer> call) {
        return ServiceClient.await(call);
    }
}
