package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import dev.orderflow.testing.Cleanup;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.KafkaBroker;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import dev.orderflow.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A crash of the risk guards or of the gateway (SIGKILL, then a restart) with a strategy sending entries
 * all along, every flag of the full phase on: once the restarted service reports ready, its entries are
 * guarded again within seconds, and no entry is lost or sent to the exchange twice.
 */
class ServiceRestartIT {

    /** Entries sent from this long after the restarted service is ready must get a decision in time. */
    private static final Duration SETTLED_AFTER_READY = Duration.ofSeconds(5);
    private static final Duration SEND_INTERVAL = Duration.ofMillis(250);
    private static final Set<String> FINAL = Set.of("FILLED", "BLOCKED", "CANCELED", "REJECTED", "EXPIRED");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static KafkaBroker broker;
    private static PaperExchangeResource.Instance paper;
    private static PostgresDatabase database;
    private static Map<String, String> environment;
    private static final Map<String, ServiceProcess> services = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServices() {
        broker = KafkaAndPostgresResource.sharedBroker();
        paper = PaperExchangeResource.launch(Map.of("paper.rate-limits.orders-per-10s", "1000000",
                "paper.rate-limits.request-weight-per-minute", "1000000"));
        database = PostgresDatabase.create("restart");
        environment = new HashMap<>(ServiceProcess.infrastructure(broker, database));
        environment.putAll(Map.of("EXCHANGE_BASE_URL", paper.baseUrl(), "EXCHANGE_WS_URL", paper.wsUrl(),
                "EXCHANGE_API_KEY", paper.apiKey(), "EXCHANGE_API_SECRET", paper.apiSecret(),
                "RECONCILER_PERIODIC_INTERVAL", "0s", "ORDERFLOW_SERVICE_HEARTBEAT_INTERVAL", "1s"));
        RolloutPlan.valuesAt(RolloutPhase.FULL).forEach((flag, value) -> environment.put(flag.envName(), value));
        for (String module : List.of("reconciler", "risk-guards", "order-gateway")) {
            services.put(module, ServiceProcess.start(module, environment));
        }
        services.values().forEach(s -> s.awaitReady(Duration.ofSeconds(150)));
    }

    @AfterAll
    static void stopServices() {
        List<AutoCloseable> all = new ArrayList<>(services.values());
        all.add(paper);
        all.add(database);
        Cleanup.closeAll(all);
    }

    @Test
    void entriesAreGuardedAgainSoonAfterTheGuardsRestartFromACrash() throws Exception {
        crashAndRestart("risk-guards");
    }

    @Test
    void entriesAreGuardedAgainSoonAfterTheGatewayRestartsFromACrash() throws Exception {
        crashAndRestart("order-gateway");
    }

    private void crashAndRestart(String module) throws Exception {
        String run = module.substring(0, 4) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Sender sender = new Sender(run);
        Thread thread = Thread.ofPlatform().name("entries-" + run).start(sender);
        Thread.sleep(3_000);

        Instant killedAt = Instant.now();
        services.get(module).kill();
        ServiceProcess restarted = ServiceProcess.start(module, environment);
        services.put(module, restarted);
        restarted.awaitReady(Duration.ofSeconds(120));
        Instant readyAt = Instant.now();
        System.out.printf("%s killed at %s, ready again at %s (%d ms); groups: %s%n", module, killedAt, readyAt,
                Duration.between(killedAt, readyAt).toMillis(), describeGroups());

        Thread.sleep(SETTLED_AFTER_READY.plusSeconds(8).toMillis());
        sender.stop();
        thread.join(10_000);

        Map<String, JsonNode> orders = awaitSettled(sender.accepted(), Duration.ofSeconds(60));
        List<Sent> late = sender.accepted().stream().filter(s -> s.at().isAfter(readyAt.plus(SETTLED_AFTER_READY))).toList();
        List<String> timedOutLate = late.stream().map(Sent::coid)
                .filter(coid -> "BLOCKED".equals(text(orders.get(coid), "status")) && text(orders.get(coid), "statusCause").contains("GUARD_TIMEOUT"))
                .toList();
        Map<String, Long> outcomes = orders.values().stream()
                .collect(Collectors.groupingBy(o -> text(o, "status").equals("BLOCKED") ? "BLOCKED " + text(o, "statusCause") : text(o, "status"),
                        Collectors.counting()));
        System.out.printf("%s: %d sent, %d accepted, %d refused with 503, %d accepted more than %s after ready, outcomes %s%n",
                module, sender.sent.size(), sender.accepted().size(), sender.refused(), late.size(), SETTLED_AFTER_READY, outcomes);

        assertThat(late).as("entries sent after the restarted %s was ready", module).hasSizeGreaterThan(20);
        // refusals start once the crashed member is expelled (6 s session) and end when the restarted one joins
        if (module.equals("risk-guards") && Duration.between(killedAt, readyAt).compareTo(Duration.ofSeconds(12)) > 0) {
            assertThat(sender.refused()).as("entries refused at once (503) while no guard was running").isPositive();
        }
        assertThat(timedOutLate).as("entries sent more than %s after the restarted %s was ready, blocked by a guard timeout",
                SETTLED_AFTER_READY, module).isEmpty();
        assertThat(orders.values()).as("every accepted entry is known and settled").allSatisfy(o ->
                assertThat(FINAL).contains(text(o, "status")));
        Map<String, Long> atExchange = exchangeOrdersByCoid(run);
        assertThat(atExchange.values()).as("orders at the exchange per client order id").allMatch(n -> n == 1);
        Set<String> filled = orders.entrySet().stream().filter(e -> "FILLED".equals(text(e.getValue(), "status")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(atExchange.keySet()).as("orders at the exchange are the filled entries").isEqualTo(filled);
    }

    /** Sends one entry every {@link #SEND_INTERVAL} to whichever gateway runs now, as a strategy would. */
    private static final class Sender implements Runnable {
        private final String run;
        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopped;

        Sender(String run) {
            this.run = run;
        }

        @Override
        public void run() {
            for (int n = 0; !stopped; n++) {
                String coid = run + "-" + n;
                Instant at = Instant.now();
                int status = post(coid);
                sent.add(new Sent(coid, at, status));
                long pause = SEND_INTERVAL.toMillis() - Duration.between(at, Instant.now()).toMillis();
                if (pause > 0) {
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void stop() {
            stopped = true;
        }

        long refused() {
            synchronized (sent) {
                return sent.stream().filter(s -> s.status() == 503).count();
            }
        }

        List<Sent> accepted() {
            synchronized (sent) {
                return sent.stream().filter(s -> s.status() == 201).toList();
            }
        }

        private int post(String coid) {
            String body = "{\"clientOrderId\":\"" + coid + "\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"type\":\"MARKET\","
                    + "\"quantity\":\"0.001\",\"intent\":\"ENTRY\"}";
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(gateway().baseUrl() + "/api/v1/orders"))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", TestTokens.bearer(TestTokens.TRADER))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0; // the gateway is down: nothing was accepted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    private record Sent(String coid, Instant at, int status) {
    }

    private static ServiceProcess gateway() {
        return services.get("order-gateway");
    }

    private static Map<String, JsonNode> awaitSettled(List<Sent> accepted, Duration timeout) throws Exception {
        Map<String, JsonNode> orders = new HashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        for (Sent sent : accepted) {
            JsonNode order = null;
            while (Instant.now().isBefore(deadline)) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway().baseUrl() + "/api/v1/orders/" + sent.coid()))
                        .header("Authorization", TestTokens.bearer(TestTokens.TRADER)).build(), HttpResponse.BodyHandlers.ofString());
                order = response.statusCode() == 200 ? EventJson.mapper().readTree(response.body()) : null;
                if (order != null && FINAL.contains(text(order, "status"))) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(order).as("accepted entry %s", sent.coid()).isNotNull();
            orders.put(sent.coid(), order);
        }
        return orders;
    }

    private static String text(JsonNode node, String field) {
        return node == null || node.get(field) == null || node.get(field).isNull() ? "" : node.get(field).asText();
    }

    /** Every order of this run at the exchange, counted per client order id. */
    private static Map<String, Long> exchangeOrdersByCoid(String run) throws Exception {
        String query = "symbol=BTCUSDT&limit=1000&timestamp=" + System.currentTimeMillis();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(paper.apiSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signed = query + "&signature=" + HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(paper.baseUrl() + "/api/v3/allOrders?" + signed))
                .header("X-MBX-APIKEY", paper.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> coids = new ArrayList<>();
        EventJson.mapper().readTree(response.body()).forEach(o -> coids.add(o.get("clientOrderId").asText()));
        return coids.stream().filter(c -> c.startsWith(run + "-")).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Members and assignments of the two groups on the guard round trip, for the test's output. */
    private static String describeGroups() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of("order-gateway", "risk-guards")).all().get(10, TimeUnit.SECONDS).values().stream()
                    .map(g -> g.groupId() + " " + g.groupState() + " " + g.members().stream()
                            .map(m -> m.consumerId().substring(0, Math.min(30, m.consumerId().length())) + m.assignment().topicPartitions().size())
                            .toList())
                    .collect(Collectors.joining("; "));
        } catch (Exception e) {
            return "(not described: " + e.getMessage() + ")";
        }
    }
}
