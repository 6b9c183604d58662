package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phase checks of deploy/lib/k8s.sh against a Prometheus stand-in that serves known answers to
 * {@code /api/v1/query}: each check passes on good figures, fails on bad ones, and reads the window since the phase
 * change recorded on the Deployments, by service rather than by pod.
 */
class PhaseChecksTests {

    private static final long PHASE_AGE_SECONDS = 7200;
    private static final Pattern WINDOW = Pattern.compile("\\[(\\d+)s]");

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    /** Answers by a fragment of the query: a single value, or label value to value for a by-label query. */
    private volatile Map<String, Object> answers = Map.of();
    private HttpServer prometheus;

    @TempDir
    Path dir;

    @BeforeEach
    void startPrometheus() throws IOException {
        prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/query", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String query = URLDecoder.decode(raw.substring(raw.indexOf("query=") + "query=".length()), StandardCharsets.UTF_8);
            queries.add(query);
            byte[] body = json.writeValueAsBytes(answer(query));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.stop(0);
    }

    private ObjectNode answer(String query) {
        ObjectNode response = json.createObjectNode().put("status", "success");
        ObjectNode data = response.putObject("data").put("resultType", "vector");
        ArrayNode result = data.putArray("result");
        answers.entrySet().stream().filter(e -> query.contains(e.getKey())).findFirst().ifPresent(e -> {
            if (e.getValue() instanceof Map<?, ?> byLabel) {
                byLabel.forEach((label, value) -> {
                    ObjectNode sample = result.addObject();
                    sample.putObject("metric").put("reason", label.toString());
                    sample.putArray("value").add(1.7e9).add(value.toString());
                });
            } else {
                ObjectNode sample = result.addObject();
                sample.putObject("metric");
                sample.putArray("value").add(1.7e9).add(e.getValue().toString());
            }
        });
        return response;
    }

    /** Sources deploy/lib/k8s.sh and runs the check, with a kubectl whose gateway Deployment changed phase that long ago. */
    private String check(String call, long phaseAgeSeconds, Map<String, String> env) throws Exception {
        Path kubectl = dir.resolve("kubectl");
        String changedAt = Instant.now().minusSeconds(phaseAgeSeconds).truncatedTo(ChronoUnit.SECONDS).toString();
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                case "$*" in
                  *phase-changed-at*) printf '%%s' '%s' ;;
                  *) exit 1 ;;
                esac
                """.formatted(changedAt));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("ORDERFLOW_ROOT", Manifests.ROOT.toString());
        environment.put("ORDERFLOW_KUBECTL", kubectl.toString());
        environment.put("ORDERFLOW_PROMETHEUS_URL", "http://127.0.0.1:" + prometheus.getAddress().getPort());
        Manifests.ProcessResult result = Manifests.ProcessResult.run(List.of("bash", "-c",
                "source deploy/lib/k8s.sh && " + call + " && check_summary"), Manifests.ROOT, environment, 60);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private String check(String call) throws Exception {
        return check(call, PHASE_AGE_SECONDS, Map.of());
    }

    private void assertEveryQueryReadsThePhaseWindow() {
        assertThat(queries).isNotEmpty().allSatisfy(query -> {
            Matcher windows = WINDOW.matcher(query);
            assertThat(windows.find()).as(query).isTrue();
            do {
                assertThat(Long.parseLong(windows.group(1))).as(query).isBetween(PHASE_AGE_SECONDS, PHASE_AGE_SECONDS + 30);
            } while (windows.find());
            assertThat(query).doesNotContain("[1h]").doesNotContain("offset 1d");
        });
    }

    @Test
    void symbolLocksPassWhenLocksAreTakenWithoutIllegalTransitions() throws Exception {
        answers = Map.of("orderflow_symbol_lock_wait_seconds_count", 412, "orderflow_order_illegal_transitions_total", 0,
                "orderflow_symbol_lock_timeouts_total", 3);
        assertThat(check("check_symbol_locks")).contains("[PASS]         symbol locks working (no race conditions) - 412 locks taken, 3 lock timeouts");
        assertEveryQueryReadsThePhaseWindow();
    }

    @Test
    void symbolLocksFailWhenNoLockIsTakenOrOrdersRaced() throws Exception {
        answers = Map.of("orderflow_symbol_lock_wait_seconds_count", 0, "orderflow_order_illegal_transitions_total", 0);
        assertThat(check("check_symbol_locks")).contains("[FAIL]         symbol locks working").contains("no symbol lock taken");

        answers = Map.of("orderflow_symbol_lock_wait_seconds_count", 90, "orderflow_order_illegal_transitions_total", 2);
        assertThat(check("check_symbol_locks")).contains("[FAIL]         symbol locks working").contains("2 illegal order transitions");

        answers = Map.of();
        assertThat(check("check_symbol_locks")).contains("[NOT AVAILABLE] symbol locks working");
    }

    @Test
    void guardBlockReasonsPassWhenTheGuardsDecideAndListTheReasons() throws Exception {
        answers = Map.of("sum by (reason)", Map.of("SPREAD_TOO_WIDE", 7, "DEPTH_TOO_THIN", 2),
                "sum(increase(orderflow_guard_decisions_total", 130);
        assertThat(check("check_guard_block_reasons")).contains("[PASS]         guard block reasons visible - 130 decisions; blocks by reason:")
                .contains("SPREAD_TOO_WIDE=7").contains("DEPTH_TOO_THIN=2");
        assertEveryQueryReadsThePhaseWindow();

        answers = Map.of("sum(increase(orderflow_guard_decisions_total", 0);
        assertThat(check("check_guard_block_reasons")).contains("[FAIL]         guard block reasons visible - no guard decision");
    }

    @Test
    void memoryIncreaseComparesServicesBeforeAndAfterThePhaseChange() throws Exception {
        answers = Map.of("jvm_memory_used_bytes", 4.2);
        assertThat(check("check_prometheus_below 'memory increase below 10 MB' \"$PROMQL_MEMORY_INCREASE_MB\" 10 MB"))
                .contains("[PASS]         memory increase below 10 MB - 4.2 MB");
        assertEveryQueryReadsThePhaseWindow();
        assertThat(queries.getFirst()).contains("avg by (application)").contains("offset " + queries.getFirst().replaceAll("(?s).*\\[(\\d+)s].*", "$1") + "s");

        answers = Map.of("jvm_memory_used_bytes", 25);
        assertThat(check("check_prometheus_below 'memory increase below 10 MB' \"$PROMQL_MEMORY_INCREASE_MB\" 10 MB"))
                .contains("[FAIL]         memory increase below 10 MB - 25 MB");
    }

    @Test
    void cpuIncreaseComparesTheWindowSinceThePhaseChangeWithTheOneBefore() throws Exception {
        String call = "check_prometheus_below 'CPU usage increase below 5%' \"max($PROMQL_CPU_INCREASE)\" 5 'percentage points'";
        answers = Map.of("process_cpu_usage", 1.5);
        assertThat(check(call)).contains("[PASS]         CPU usage increase below 5% - 1.5 percentage points");
        assertEveryQueryReadsThePhaseWindow();
        assertThat(queries.getFirst()).contains("avg by (application)").doesNotContain("pod");

        answers = Map.of("process_cpu_usage", 9);
        assertThat(check(call)).contains("[FAIL]         CPU usage increase below 5% - 9 percentage points");
    }

    @Test
    void fillRateIsMeasuredSinceThePhaseChangeAgainstTheBaseline() throws Exception {
        answers = Map.of("orderflow_orders_filled_total", 91);
        assertThat(check("check_fill_rate 10", PHASE_AGE_SECONDS, Map.of("ORDERFLOW_FILL_RATE_BASELINE", "95")))
                .contains("[PASS]         fill rate within 10% of its baseline - 91% since the phase change");
        assertEveryQueryReadsThePhaseWindow();

        answers = Map.of("orderflow_orders_filled_total", 80);
        assertThat(check("check_fill_rate 10", PHASE_AGE_SECONDS, Map.of("ORDERFLOW_FILL_RATE_BASELINE", "95")))
                .contains("[FAIL]         fill rate within 10% of its baseline - 80%");
    }

    @Test
    void aPhaseTooYoungToMeasureIsNotAvailableAndSaysWhenToLookAgain() throws Exception {
        answers = Map.of("orderflow_symbol_lock_wait_seconds_count", 412, "orderflow_order_illegal_transitions_total", 0);
        String out = check("check_symbol_locks", 40, Map.of());
        assertThat(out).contains("[NOT AVAILABLE] symbol locks working").contains("re-run after 300 s: deploy/rollout --verify-only");
        assertThat(queries).isEmpty();
    }
}
