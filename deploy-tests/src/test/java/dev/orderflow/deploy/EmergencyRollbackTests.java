package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/rollback --emergency against a stand-in cluster: a kubectl that records what it is asked and forwards every
 * port to one HTTP server playing the gateway's trading-state API and each pod's {@code /q/flags}. Every step is
 * verified; a step that did not take makes the rollback exit 1, after the other steps still ran.
 */
class EmergencyRollbackTests {

    private static final Path ROLLBACK = Manifests.ROOT.resolve("deploy/rollback");
    private static final String TOKEN = "operator-test-token";

    @TempDir
    Path dir;

    private HttpServer cluster;
    private Path log;
    private volatile String tradingState = "ACTIVE";
    /** Pods still reporting the master switch on after the rollback. */
    private volatile List<String> podsIgnoringTheSwitch = List.of();

    @BeforeEach
    void start() throws IOException {
        log = dir.resolve("calls.log");
        Files.writeString(log, "");
        cluster = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cluster.createContext("/api/v1/trading-state", exchange -> {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{}");
                return;
            }
            if (exchange.getRequestMethod().equals("PUT")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                record("HTTP PUT trading-state " + body);
                tradingState = body.replaceAll(".*\"state\"\\s*:\\s*\"([A-Z]+)\".*", "$1");
            }
            respond(exchange, 200, "{\"state\":\"" + tradingState + "\"}");
        });
        cluster.createContext("/q/flags", exchange -> {
            String pod = exchange.getRequestHeaders().getFirst("X-Pod");
            respond(exchange, 200, "{\"masterSwitch\":" + podsIgnoringTheSwitch.contains(pod) + ",\"flags\":[]}");
        });
        cluster.start();
    }

    @AfterEach
    void stop() {
        cluster.stop(0);
    }

    private synchronized void record(String line) throws IOException {
        Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** kubectl: two pods per Deployment, rollout status answering {@code rolloutStatus}, port-forward to the server. */
    private Path kubectl(int rolloutStatus) throws IOException {
        Path kubectl = dir.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                echo "kubectl $*" >> %1$s
                case "$*" in
                  *"get deployment order-gateway"*rollout-phase*) printf 'phase-2-entry-guards' ;;
                  *"get pods -l app.kubernetes.io/name="*) args="$*"; name=${args#*app.kubernetes.io/name=}; name=${name%%%% *}; printf '%%s-a %%s-b' "$name" "$name" ;;
                  *"rollout status"*) exit %2$d ;;
                  *port-forward*) echo "Forwarding from 127.0.0.1:%3$d -> 8080"; exec sleep 30 ;;
                  *) exit 0 ;;
                esac
                """.formatted(log, rolloutStatus, cluster.getAddress().getPort()));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return kubectl;
    }

    private Manifests.ProcessResult emergency(int rolloutStatus, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(extra);
        env.put("ORDERFLOW_KUBECTL", kubectl(rolloutStatus).toString());
        // curl reaches "the pod" through the forwarded port; the header says which pod it meant
        Path curl = dir.resolve("bin/curl");
        Files.createDirectories(curl.getParent());
        Files.writeString(curl, """
                #!/usr/bin/env bash
                pod=$(grep -o 'port-forward pod/[^ ]*' %s | tail -n 1 | cut -d/ -f2)
                exec /usr/bin/curl -H "X-Pod: $pod" "$@"
                """.formatted(log));
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", curl.getParent() + ":" + System.getenv("PATH"));
        return Manifests.ProcessResult.run(List.of("bash", ROLLBACK.toString(), "--emergency"), Manifests.ROOT, env, 120);
    }

    @Test
    void haltsTradingBeforeTouchingAnyDeploymentAndVerifiesEveryStep() throws Exception {
        Manifests.ProcessResult result = emergency(0, Map.of("ORDERFLOW_OPERATOR_TOKEN", TOKEN));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(tradingState).isEqualTo("HALTED");
        String calls = Files.readString(log);
        assertThat(calls.indexOf("HTTP PUT trading-state")).isNotNegative().isLessThan(calls.indexOf("rollout undo deployment/order-gateway"));
        assertThat(calls.indexOf("rollout undo deployment/reconciler"))
                .isLessThan(calls.indexOf("set env deployment -l app.kubernetes.io/part-of=order-flow-hardening ENABLE_ORDER_FLOW_HARDENING=false"));
        assertThat(calls).contains("rollout status deployment/risk-guards").contains("port-forward pod/reconciler-b");
        assertThat(result.stdout()).contains("[PASS]         trading state - HALTED")
                .contains("[PASS]         master switch of order-gateway-a - off")
                .contains("[PASS]         master switch of telemetry-service-b - off")
                .contains("== Done: trading HALTED");
    }

    @Test
    void aPodStillOnWithTheMasterSwitchFailsTheRollback() throws Exception {
        podsIgnoringTheSwitch = List.of("risk-guards-b");
        Manifests.ProcessResult result = emergency(0, Map.of("ORDERFLOW_OPERATOR_TOKEN", TOKEN));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("[FAIL]         master switch of risk-guards-b - true")
                .contains("[PASS]         master switch of risk-guards-a - off");
        assertThat(result.stderr()).contains("Emergency rollback INCOMPLETE").contains("master switch of risk-guards-b is true");
    }

    @Test
    void withoutAnOperatorTokenTheOtherStepsStillRunButTheRollbackFails() throws Exception {
        Manifests.ProcessResult result = emergency(0, Map.of());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(tradingState).isEqualTo("ACTIVE");
        assertThat(Files.readString(log)).contains("rollout undo deployment/order-gateway").contains("ENABLE_ORDER_FLOW_HARDENING=false");
        assertThat(result.stderr()).contains("set ORDERFLOW_OPERATOR_TOKEN").contains("trading state HALTED (no ORDERFLOW_OPERATOR_TOKEN)")
                .contains("not HALTED");
    }

    @Test
    void aRolloutThatDoesNotFinishFailsTheRollback() throws Exception {
        Manifests.ProcessResult result = emergency(1, Map.of("ORDERFLOW_OPERATOR_TOKEN", TOKEN));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("rollout of order-gateway").contains("rollout of reconciler");
    }
}
