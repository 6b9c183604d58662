package dev.orderflow.telemetry;

import static dev.orderflow.telemetry.domain.TestEvents.cache;
import static dev.orderflow.telemetry.domain.TestEvents.fill;
import static dev.orderflow.telemetry.domain.TestEvents.heartbeat;
import static dev.orderflow.telemetry.domain.TestEvents.reconciliation;
import static dev.orderflow.telemetry.domain.TestEvents.replay;
import static dev.orderflow.telemetry.domain.TestEvents.slippage;
import static dev.orderflow.telemetry.domain.TestEvents.submitted;
import static dev.orderflow.telemetry.domain.TestEvents.throttle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.testing.ServiceProcess;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every command of docs/monitoring.md's "The guide's monitoring commands here", run as written: the archive
 * one-liners on the archive this service wrote, the API one-liners against it with a bearer token, and each
 * Prometheus series looked up in what it serves on /q/metrics. A renamed field, a wrong path or a series
 * that is not served makes the table wrong, and this test fail.
 */
@QuarkusTest
@WithTestResource(TelemetryInfrastructure.class)
class DocumentedMonitoringCommandsTests {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern SERIES = Pattern.compile("(\\w+)(?:\\{([^}]*)})?");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    record Row(String guide, List<String> archive, List<String> api, List<String> prometheus) {
    }

    @Test
    void everyDocumentedMonitoringCommandAnswersOnWhatTheServiceMade() throws Exception {
        List<Row> rows = documentedRows();
        assertThat(rows).extracting(Row::guide).contains("duplicate orders", "average entry slippage", "API throttling",
                "cache hit rate", "errors, warnings");

        String symbol = "DOC" + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase() + "USDT";
        Instant t = Instant.now();
        List<EventEnvelope<?>> events = new ArrayList<>();
        events.addAll(submitted("F" + symbol, symbol, "doc", Intent.ENTRY, t));
        events.add(fill("F" + symbol, symbol, Intent.ENTRY, "0.5", "0.5", "1", t, t));
        events.add(fill("F" + symbol, symbol, Intent.ENTRY, "0.5", "1", "1", t, t));
        events.add(slippage("F" + symbol, symbol, "3", t));
        events.add(replay("F" + symbol, symbol, "doc", t));
        events.add(cache(EventType.CACHE_HIT, symbol, 3, t));
        events.add(cache(EventType.CACHE_MISS, symbol, 1, t));
        // Two hours old: in the archive and the 24 h figures, outside the hour the duplicate-orders alert reads,
        // so that no alert is left open for the other tests of the service.
        events.add(reconciliation(t.minus(Duration.ofHours(2)), "ORPHAN_AT_EXCHANGE"));
        events.add(throttle(symbol, t.minus(Duration.ofHours(2))));
        events.add(heartbeat("order-gateway", "doc-" + symbol, "0123456789ab", t, Map.of("process.rss.bytes", "157286400")));
        Broker.send(events);

        Map<String, String> env = Map.of("A", Archive.root().toString(),
                "TEL", "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class),
                "T", TestTokens.OPERATOR);
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String metrics = TestTokens.as(TestTokens.OPERATOR).get("/q/metrics").then().statusCode(200).extract().asString();
            for (Row row : rows) {
                for (String command : row.archive()) {
                    String out = run(command, env);
                    if (!command.contains("\"level\":\"ERROR\"")) {
                        assertThat(out).as("%s: `%s`", row.guide(), command).isNotBlank();
                    }
                }
                for (String command : row.api()) {
                    assertThat(run(command, env).strip()).as("%s: `%s`", row.guide(), command).isNotBlank().isNotEqualTo("null")
                            .doesNotContain(":null,\"instance\"");
                }
                for (String series : row.prometheus()) {
                    assertServed(series, metrics, row.guide());
                }
            }
        });
        assertThat(run("grep -h \"ENTRY_SLIPPAGE\" $A/sessions/*/*.jsonl | grep " + symbol + " | jq '.slippage_bps'", env).strip())
                .isEqualTo("3");
        assertThat(run(rows.stream().filter(r -> r.guide().startsWith("memory")).findFirst().orElseThrow().archive().getFirst(), env))
                .contains("order-gateway doc-" + symbol + " 150 MB");
    }

    /** A series of the table: a metric of this service with the labels it names, or Prometheus's own ALERTS of the rule file. */
    private static void assertServed(String series, String metrics, String guide) throws IOException {
        Matcher parts = SERIES.matcher(series);
        assertThat(parts.matches()).as("%s: %s is a series selector", guide, series).isTrue();
        if (parts.group(1).equals("ALERTS")) {
            assertThat(Files.readString(ServiceProcess.projectRoot().resolve("k8s/components/monitoring/prometheus-rule.yaml")))
                    .as("alerts named Orderflow* in the PrometheusRule").containsPattern("alert: Orderflow\\w+");
            return;
        }
        List<String> labels = new ArrayList<>();
        if (parts.group(2) != null) {
            Matcher label = LABEL.matcher(parts.group(2));
            while (label.find()) {
                labels.add(label.group(1) + "=\"" + label.group(2) + "\"");
            }
        }
        assertThat(metrics.lines().filter(line -> line.startsWith(parts.group(1) + "{") || line.startsWith(parts.group(1) + " "))
                .filter(line -> labels.stream().allMatch(line::contains)))
                .as("%s: /q/metrics serves %s", guide, series).isNotEmpty();
    }

    private static List<Row> documentedRows() throws IOException {
        String doc = Files.readString(ServiceProcess.projectRoot().resolve("docs/monitoring.md"));
        String section = doc.substring(doc.indexOf("### The guide's monitoring commands here"));
        section = section.substring(0, section.indexOf("\n## "));
        List<Row> rows = new ArrayList<>();
        for (String line : section.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Guide")).toList()) {
            String[] cells = Arrays.stream(line.substring(2, line.length() - 2).split(" (?<!\\\\)\\| "))
                    .map(cell -> cell.replace("\\|", "|")).toArray(String[]::new);
            assertThat(cells).as(line).hasSize(4);
            rows.add(new Row(cells[0], code(cells[1]), code(cells[2]),
                    code(cells[3]).stream().filter(s -> s.matches("\\w+(\\{.*})?")).toList()));
        }
        return rows;
    }

    private static List<String> code(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            spans.add(code.group(1));
        }
        return spans;
    }

    private static String run(String command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // grep answers 1 when nothing matched: an empty result, not a broken command
        assertThat(process.exitValue()).as("`%s`: %s", command, err).isIn(0, command.startsWith("grep") ? 1 : 0);
        return out;
    }
}
