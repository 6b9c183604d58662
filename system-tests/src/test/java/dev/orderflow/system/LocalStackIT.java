package dev.orderflow.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.ServiceProcess;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, for real: deploy/local/up brings every service to ready with a phase's
 * flags, a strategy's order goes through the guards and fills at the paper exchange, a second run is
 * harmless, deploy/local/down leaves nothing of ours running.
 */
class LocalStackIT {

    private static final Map<String, Integer> PORTS = Map.of("order-gateway", 8080, "risk-guards", 8081,
            "telemetry-service", 8082, "reconciler", 8083, "paper-exchange", 8090, "kafka", 9092);

    @TempDir
    static Path runDir;

    private static final Path ROOT = ServiceProcess.projectRoot();

    @BeforeAll
    static void portsAreFree() {
        List<String> busy = PORTS.entrySet().stream().filter(e -> listening(e.getValue())).map(Map.Entry::getKey).toList();
        assumeTrue(busy.isEmpty(), "the local stack's ports are taken by another stack: " + busy);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        run(List.of("deploy/local/down"), Duration.ofMinutes(2));
    }

    @Test
    void upWithPhaseTwoThenAgainThenDown() throws Exception {
        Result first = run(List.of("deploy/local/up", "--phase", "2"), Duration.ofMinutes(6));
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("is up in paper mode, phase-2-entry-guards flags");

        Map<FeatureFlag, String> expected = RolloutPlan.valuesAt(RolloutPhase.ENTRY_GUARDS);
        for (var service : List.of("order-gateway", "risk-guards", "telemetry-service", "reconciler", "paper-exchange")) {
            int port = PORTS.get(service);
            given().baseUri("http://127.0.0.1:" + port).get("/q/health/ready").then().statusCode(200);
            given().baseUri("http://127.0.0.1:" + port).get("/q/flags").then().statusCode(401);
            String flagsBody = given().baseUri("http://127.0.0.1:" + port).auth().oauth2(token("monitoring")).get("/q/flags")
                    .then().statusCode(200).extract().asString();
            JsonPath flags = new JsonPath(flagsBody);
            for (var flag : expected.entrySet()) {
                assertThat(flags.getString("flags.find { it.name == '" + flag.getKey().envName() + "' }.configured"))
                        .as("%s of %s", flag.getKey(), service).isEqualTo(flag.getValue());
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"))) {
            var topics = admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (var spec : Topics.ALL) {
                assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
            }
        }

        tradesThroughTheGuardsAgainstThePaperExchange();

        Result second = run(List.of("deploy/local/up", "--phase", "2"), Duration.ofMinutes(3));
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("order-gateway: already running");

        Result status = run(List.of("deploy/local/status"), Duration.ofSeconds(30));
        assertThat(status.output()).containsPattern("order-gateway\\s+running\\s+\\d+\\s+8080\\s+UP");

        List<Long> pids = pids();
        Result down = run(List.of("deploy/local/down"), Duration.ofMinutes(2));
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse();
        }
        PORTS.forEach((name, port) -> assertThat(listening(port)).as("%s port %d", name, port).isFalse());
    }

    private static String token(String caller) {
        try {
            return Files.readString(runDir.resolve("tokens").resolve(caller)).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no local token " + caller, e);
        }
    }

    /** A strategy's first order on a fresh stack: accepted once, guarded, filled by the paper exchange. */
    private static void tradesThroughTheGuardsAgainstThePaperExchange() throws IOException {
        String token = token("trader");
        String price = given().baseUri("http://127.0.0.1:8090").queryParam("symbol", "BTCUSDT")
                .get("/api/v3/ticker/price").then().statusCode(200).extract().path("price");
        String coid = "smoke-" + System.currentTimeMillis();
        Map<String, Object> order = Map.of("clientOrderId", coid, "symbol", "BTCUSDT", "side", "BUY", "type", "MARKET",
                "quantity", "0.001", "intent", "ENTRY", "referencePrice", price, "strategyId", "smoke");

        given().baseUri("http://127.0.0.1:8080").auth().oauth2(token).contentType("application/json").body(order)
                .post("/api/v1/orders").then().statusCode(201);
        given().baseUri("http://127.0.0.1:8080").auth().oauth2(token).contentType("application/json").body(order)
                .post("/api/v1/orders").then().statusCode(200).header("Idempotent-Replayed", "true");

        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri("http://127.0.0.1:8080")
                    .auth().oauth2(token).get("/api/v1/orders/{coid}", coid).then().statusCode(200)
                    .body("status", equalTo("FILLED")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nWarnings of the gateway:\n" + warnings("order-gateway"), e);
        }
        String executed = given().baseUri("http://127.0.0.1:8080").auth().oauth2(token).get("/api/v1/orders/{coid}", coid)
                .then().extract().path("executedQuantity");
        assertThat(new java.math.BigDecimal(executed)).isEqualByComparingTo("0.001");
        given().baseUri("http://127.0.0.1:8080").get("/api/v1/orders").then().statusCode(401);
    }

    /** The warnings and errors a service logged, for a failure message. */
    private static String warnings(String service) throws IOException {
        Path log = runDir.resolve("logs").resolve(service + ".out");
        if (!Files.exists(log)) {
            return "(no log at " + log + ")";
        }
        try (var lines = Files.lines(log)) {
            return String.join("\n", lines.filter(l -> l.contains("\"WARN\"") || l.contains("\"ERROR\"")).limit(40).toList());
        }
    }

    private static List<Long> pids() throws IOException {
        try (var files = Files.list(runDir.resolve("pids"))) {
            return files.map(f -> {
                try {
                    return Long.parseLong(Files.readString(f).trim());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Duration timeout) throws Exception {
        Path output = Files.createTempFile("local-stack", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("ORDERFLOW_RUN_DIR", runDir.toString());
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().remove("ORDERFLOW_DB_URL");
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out after " + timeout + "\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
