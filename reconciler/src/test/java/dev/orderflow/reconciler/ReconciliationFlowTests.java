package dev.orderflow.reconciler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.CommandType;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.ReconciliationFinding;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.reconciler.config.ReconcilerConfig;
import dev.orderflow.reconciler.persistence.TrackedOrderRepository;
import dev.orderflow.reconciler.service.ReconciliationRunner;
import dev.orderflow.reconciler.support.EventBus;
import dev.orderflow.reconciler.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * STARTUP runs on request against the real paper exchange, real Kafka and real Postgres: local
 * state comes from events published on orders.events as the gateway would, the exchange state from
 * orders placed directly at the paper exchange.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperExchangeResource.class)
class ReconciliationFlowTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    TrackedOrderRepository tracked;

    @Inject
    ReconciliationRunner runner;

    @Inject
    MeterRegistry registry;

    @Inject
    ReconcilerConfig config;

    @Test
    void startupRunAdoptsOrphansMarksMissingOrdersLostAppliesUnseenFillsAndCancelsWhatTheExchangeEnded() {
        String orphan = coid("orphan");
        String lost = coid("lost");
        String filled = coid("fill");
        String ended = coid("ended");

        PaperVenue.restingBuy(orphan);
        JsonNode fill = PaperVenue.marketBuy(filled, "0.8");
        List<String> tradeIds = new ArrayList<>();
        fill.path("fills").forEach(f -> tradeIds.add(f.path("tradeId").asText()));
        assertThat(tradeIds).as("a market buy walking two levels").hasSizeGreaterThan(1);
        JsonNode rest = PaperVenue.restingBuy(ended);
        PaperVenue.cancel(ended);

        acknowledged(lost, "999999999");
        acknowledged(filled, fill.path("orderId").asText());
        JsonNode first = fill.path("fills").get(0);
        publish(EventType.ORDER_PARTIAL, filled, new OrderFill(filled, "BTCUSDT", Side.BUY, Intent.ENTRY,
                fill.path("orderId").asText(), first.path("tradeId").asText(), new BigDecimal(first.path("price").asText()),
                new BigDecimal(first.path("qty").asText()), null, null, new BigDecimal(first.path("qty").asText()),
                new BigDecimal("0.8"), new BigDecimal(first.path("price").asText()), Instant.now(), Instant.now()));
        acknowledged(ended, rest.path("orderId").asText());
        await().atMost(WAIT).until(() -> tracked.find(ended).isPresent() && tracked.find(filled)
                .map(o -> o.seenTradeIds().contains(tradeIds.getFirst())).orElse(false) && tracked.find(lost).isPresent());

        String runId = "startup-" + UUID.randomUUID();
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION);
                var commands = new EventBus.Collector(bootstrap, Topics.ORDER_COMMANDS)) {
            request(runId);
            ReconciliationRun started = run(runs.await(phase(runId, "STARTED"), WAIT));
            assertThat(started.kind()).isEqualTo("STARTUP");
            assertThat(started.requestedBy()).isEqualTo("gateway-test-1");
            ReconciliationRun finished = run(runs.await(phase(runId, "FINISHED"), WAIT));
            assertThat(finished.findings()).extracting(ReconciliationFinding::clientOrderId, ReconciliationFinding::kind,
                    ReconciliationFinding::action).contains(
                            org.assertj.core.groups.Tuple.tuple(orphan, "ORPHAN_AT_EXCHANGE", "ADOPT"),
                            org.assertj.core.groups.Tuple.tuple(lost, "MISSING_AT_EXCHANGE", "MARK_LOST"),
                            org.assertj.core.groups.Tuple.tuple(filled, "FILL_MISSING", "APPLY_FILL"),
                            org.assertj.core.groups.Tuple.tuple(ended, "STATUS_MISMATCH", "CANCEL"));
            assertThat(finished.findings()).filteredOn(f -> filled.equals(f.clientOrderId())).hasSize(tradeIds.size() - 1);
            assertThat(finished.findings()).filteredOn(ReconciliationFinding::venueDuplicate)
                    .extracting(ReconciliationFinding::clientOrderId).as("only the orphan is a venue duplicate").containsExactly(orphan);
            assertThat(venueDuplicates("ORPHAN_AT_EXCHANGE")).isGreaterThanOrEqualTo(1.0);

            OrderCommand adopt = command(commands.await(command(orphan, CommandType.ADOPT), WAIT));
            assertThat(adopt.exchangeOrder().status()).isEqualTo("NEW");
            assertThat(adopt.exchangeOrder().clientOrderId()).isEqualTo(orphan);
            assertThat(adopt.issuedBy()).isEqualTo("reconciler");
            OrderCommand markLost = command(commands.await(command(lost, CommandType.MARK_LOST), WAIT));
            assertThat(markLost.commandId()).isEqualTo("reconcile:" + runId + ":" + lost + ":MARK_LOST");
            OrderCommand cancel = command(commands.await(command(ended, CommandType.CANCEL), WAIT));
            assertThat(cancel.reason()).isEqualTo("reconcile: exchange says CANCELED");
            for (String tradeId : tradeIds.subList(1, tradeIds.size())) {
                EventEnvelope<?> event = commands.await(e -> e.data() instanceof OrderCommand c && c.command() == CommandType.APPLY_FILL
                        && c.fill().tradeId().equals(tradeId), WAIT);
                assertThat(command(event).commandId()).isEqualTo("reconcile:fill:" + filled + ":" + tradeId);
            }
            assertThat(commands.seen()).noneMatch(e -> e.data() instanceof OrderCommand c && c.command() == CommandType.APPLY_FILL
                    && c.fill().tradeId().equals(tradeIds.getFirst()));
        }
    }

    /** Asks for a run as an operator would, again after the 429 of a run asked for less than the minimum interval ago. */
    private static io.restassured.response.Response operatorRun() {
        io.restassured.response.Response[] answer = new io.restassured.response.Response[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            answer[0] = TestTokens.as(TestTokens.OPERATOR).post("/api/v1/reconciliation/runs");
            return answer[0].statusCode() != 429;
        });
        return answer[0];
    }

    @Test
    void runsAskedForTooOftenAreRefusedAtOnceWith429() {
        String first = operatorRun().then().statusCode(200).extract().path("runId");
        long t0 = System.nanoTime();
        TestTokens.as(TestTokens.OPERATOR).post("/api/v1/reconciliation/runs").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("type", org.hamcrest.Matchers.endsWith("/run-too-soon")).body("runId", equalTo(first));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered at once").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRunAskedForWhileAnotherRunsIsRefusedAtOnceWith409() throws Exception {
        // past the minimum interval since the last operator run, so only the run under way can refuse this one
        operatorRun().then().statusCode(200);
        Thread.sleep(config.onDemandMinInterval().toMillis() + 200);
        PaperExchangeResource.injectFault("{\"type\":\"LATENCY\",\"params\":{\"minMs\":1500,\"maxMs\":1500}}");
        CompletableFuture<?> slowRun = CompletableFuture.runAsync(runner::periodic);
        try {
            String underWay = await().atMost(WAIT).until(() -> TestTokens.as(TestTokens.OPERATOR)
                    .get("/api/v1/reconciliation/runs").then().statusCode(200).extract().jsonPath()
                    .<String>getList("findAll { it.phase == 'STARTED' && it.runId.startsWith('periodic-') }.runId")
                    .stream().findFirst().orElse(null), java.util.Objects::nonNull);
            long t0 = System.nanoTime();
            TestTokens.as(TestTokens.OPERATOR).post("/api/v1/reconciliation/runs").then().statusCode(409)
                    .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", org.hamcrest.Matchers.endsWith("/run-under-way")).body("runId", equalTo(underWay));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered at once").isLessThan(Duration.ofSeconds(1));
        } finally {
            PaperVenue.clearFaults();
            slowRun.get(30, TimeUnit.SECONDS);
        }
        assertThat(operatorRun().then().statusCode(200).extract().<String>path("phase")).as("asked again once it ended")
                .isEqualTo("FINISHED");
    }

    @Test
    void operatorRunRunsAtOnceAndIsPublishedAndStored() {
        String runId;
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION)) {
            runId = operatorRun().then().statusCode(200)
                    .body("phase", equalTo("FINISHED")).body("kind", equalTo("PERIODIC"))
                    .body("requestedBy", equalTo("operator")).extract().path("runId");
            assertThat(runId).startsWith("manual-");
            assertThat(run(runs.await(phase(runId, "FINISHED"), WAIT)).requestedBy()).isEqualTo("operator");
        }
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reconciliation/runs/{id}", runId).then().statusCode(200)
                .body("phase", equalTo("FINISHED"));
    }

    @Test
    void redeliveredRequestRepublishesTheStoredOutcomeWithoutRunningAgain() {
        String runId = "startup-" + UUID.randomUUID();
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION)) {
            request(runId);
            EventEnvelope<?> first = runs.await(phase(runId, "FINISHED"), WAIT);
            request(runId);
            EventEnvelope<?> second = runs.await(e -> e != first && phase(runId, "FINISHED").test(e), WAIT);
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(run(second).findings()).isEqualTo(run(first).findings());
            assertThat(runs.drain(Duration.ofSeconds(2))).filteredOn(phase(runId, "STARTED")).hasSize(1);
        }
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reconciliation/runs/{id}", runId).then().statusCode(200)
                .body("phase", equalTo("FINISHED")).body("kind", equalTo("STARTUP"))
                .body("requestedBy", equalTo("gateway-test-1"));
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reconciliation/runs").then().statusCode(200).body("runId", hasItem(runId));
    }

    @Test
    void runFailsWhenTheExchangeAnswersWithServerErrorsAndARepeatedRequestRunsItAgain() {
        String runId = "startup-" + UUID.randomUUID();
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION)) {
            PaperVenue.serverErrors(503);
            try {
                request(runId);
                ReconciliationRun failed = run(runs.await(phase(runId, "FAILED"), WAIT));
                assertThat(failed.error()).contains("503");
                assertThat(failed.findings()).isEmpty();
                assertThat(runner.consecutiveExchangeFailures()).isPositive();
                given().get("/q/health/ready").then()
                        .body("checks.find { it.name == 'Exchange reachable' }.data.consecutiveFailedRuns",
                                org.hamcrest.Matchers.greaterThanOrEqualTo(1));
            } finally {
                PaperVenue.clearFaults();
            }
            request(runId);
            ReconciliationRun finished = run(runs.await(phase(runId, "FINISHED"), WAIT));
            assertThat(finished.error()).isNull();
            assertThat(runner.consecutiveExchangeFailures()).as("reset by the good run").isZero();
        }
    }

    @Test
    void periodicRunIsRequestedByTheSchedule() {
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION)) {
            var stored = runner.periodic().orElseThrow();
            ReconciliationRun finished = run(runs.await(phase(stored.runId(), "FINISHED"), WAIT));
            assertThat(finished.kind()).isEqualTo("PERIODIC");
            assertThat(finished.requestedBy()).isEqualTo("schedule");
        }
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("orderflow_reconciliation_runs_total"));
    }

    @Test
    void orderOpenAtTheExchangeLongerThanTheTtlIsCanceled() {
        String coid = coid("ttl");
        JsonNode resting = PaperVenue.restingBuy(coid);
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        publish(EventType.ORDER_ACKNOWLEDGED, coid, new OrderStateChanged(coid, "BTCUSDT", Side.BUY, Intent.ENTRY,
                OrderStatus.SUBMITTING, OrderStatus.ACKNOWLEDGED, "EXCHANGE_ACK", resting.path("orderId").asText(),
                new BigDecimal("0.001"), BigDecimal.ZERO, null, "test", longAgo));
        await().atMost(WAIT).until(() -> tracked.find(coid).map(o -> o.placedAt() != null).orElse(false));
        String runId = "startup-" + UUID.randomUUID();
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION);
                var commands = new EventBus.Collector(bootstrap, Topics.ORDER_COMMANDS)) {
            request(runId);
            ReconciliationRun finished = run(runs.await(phase(runId, "FINISHED"), WAIT));
            assertThat(finished.findings()).filteredOn(f -> coid.equals(f.clientOrderId()))
                    .extracting(ReconciliationFinding::kind).containsExactly("TTL_EXPIRED");
            OrderCommand cancel = command(commands.await(command(coid, CommandType.CANCEL), WAIT));
            assertThat(cancel.reason()).startsWith("TTL: open 6");
        } finally {
            PaperVenue.cancel(coid);
        }
    }

    @Test
    void secondExchangeOrderUnderAKnownClientOrderIdIsAVenueDuplicateCountedOnce() {
        String coid = coid("twice");
        JsonNode second = PaperVenue.restingBuy(coid);
        acknowledged(coid, "424242"); // the gateway recorded another exchange order under this client order id
        await().atMost(WAIT).until(() -> tracked.find(coid).map(o -> "424242".equals(o.exchangeOrderId())).orElse(false));
        double before = venueDuplicates("SECOND_VENUE_ORDER");
        try (var runs = new EventBus.Collector(bootstrap, Topics.RECONCILIATION)) {
            for (int run = 1; run <= 2; run++) {
                var stored = runner.periodic().orElseThrow();
                ReconciliationRun finished = run(runs.await(phase(stored.runId(), "FINISHED"), WAIT));
                assertThat(finished.findings()).as("run " + run).filteredOn(f -> coid.equals(f.clientOrderId())).singleElement()
                        .satisfies(f -> {
                            assertThat(f.kind()).isEqualTo("SECOND_VENUE_ORDER");
                            assertThat(f.venueDuplicate()).isTrue();
                            assertThat(f.exchangeOrderId()).isEqualTo(second.path("orderId").asText());
                            assertThat(f.action()).isEqualTo("NONE");
                        });
            }
            assertThat(venueDuplicates("SECOND_VENUE_ORDER") - before).as("reported by both runs, counted once").isEqualTo(1.0);
        } finally {
            PaperVenue.cancel(coid);
        }
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("orderflow_venue_duplicate_orders_total{"));
    }

    @Test
    void anOrdersOwnTtlFromItsAcceptedEventIsKept() {
        String coid = coid("own-ttl");
        publish(EventType.ORDER_ACCEPTED, coid, new OrderStateChanged(coid, "BTCUSDT", Side.BUY, Intent.ENTRY, null,
                OrderStatus.ACCEPTED, "accepted", null, new BigDecimal("0.001"), BigDecimal.ZERO, null, "test", Instant.now(), 45));
        acknowledged(coid, "777001");
        await().atMost(WAIT).until(() -> tracked.find(coid).map(o -> o.status() == OrderStatus.ACKNOWLEDGED).orElse(false));
        assertThat(tracked.find(coid).orElseThrow().ttlSeconds()).isEqualTo(45);
    }

    @Test
    void orderEventsAreAppliedOncePerEventId() {
        String coid = coid("dup");
        String marker = coid("marker");
        var submitted = event(EventType.ORDER_SUBMITTED, coid, new OrderStateChanged(coid, "BTCUSDT", Side.BUY, Intent.ENTRY,
                OrderStatus.ACCEPTED, OrderStatus.SUBMITTING, "SUBMIT", null, new BigDecimal("0.001"), BigDecimal.ZERO, null,
                "test", Instant.now()));
        EventBus.publish(bootstrap, submitted, "BTCUSDT");
        acknowledged(coid, "123456");
        EventBus.publish(bootstrap, submitted, "BTCUSDT"); // redelivered: same event id
        acknowledged(marker, "654321"); // same key, so applied after the redelivery
        await().atMost(WAIT).until(() -> tracked.find(marker).isPresent());
        assertThat(tracked.find(coid).orElseThrow().status()).isEqualTo(OrderStatus.ACKNOWLEDGED);
        assertThat(tracked.find(coid).orElseThrow().exchangeOrderId()).isEqualTo("123456");
    }

    @Test
    void aTradeIdSeenOnOneOrderIsStillSeenOnAnotherOrder() {
        // a venue that starts its trade ids again, or a trade between two of our own orders
        String earlier = coid("trade-a");
        String later = coid("trade-b");
        for (String coid : List.of(earlier, later)) {
            publish(EventType.ORDER_PARTIAL, coid, new OrderFill(coid, "BTCUSDT", Side.BUY, Intent.ENTRY, "ex-" + coid, "77",
                    new BigDecimal("60000"), new BigDecimal("0.0005"), null, null, new BigDecimal("0.0005"), new BigDecimal("0.001"),
                    new BigDecimal("60000"), Instant.now(), Instant.now()));
        }
        await().atMost(WAIT).until(() -> tracked.find(later).isPresent());
        assertThat(tracked.find(earlier).orElseThrow().seenTradeIds()).containsExactly("77");
        assertThat(tracked.find(later).orElseThrow().seenTradeIds()).containsExactly("77");
    }

    @Test
    void readingRunsNeedsReconcilerReadAndStartingOneNeedsAnOperator() {
        TestTokens.as(TestTokens.RECONCILIATION_READER).get("/api/v1/reconciliation/runs").then().statusCode(200);
        TestTokens.as(TestTokens.RECONCILIATION_READER).post("/api/v1/reconciliation/runs").then().statusCode(403)
                .contentType("application/problem+json");
        TestTokens.as(TestTokens.READER).get("/api/v1/reconciliation/runs").then().statusCode(403);
    }

    @Test
    void invalidLimitIsAProblem() {
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reconciliation/runs?limit=0").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("limit"));
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reconciliation/runs/{id}", "no-such-run").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private double venueDuplicates(String kind) {
        return registry.counter("orderflow_venue_duplicate_orders_total", "kind", kind).count();
    }

    private void request(String runId) {
        publish(EventType.RECONCILIATION_RUN, runId, new ReconciliationRun(runId, "STARTUP", "REQUESTED", "gateway-test-1",
                Instant.now(), null, List.of(), null));
    }

    private void acknowledged(String coid, String exchangeOrderId) {
        publish(EventType.ORDER_ACKNOWLEDGED, coid, new OrderStateChanged(coid, "BTCUSDT", Side.BUY, Intent.ENTRY,
                OrderStatus.SUBMITTING, OrderStatus.ACKNOWLEDGED, "EXCHANGE_ACK", exchangeOrderId, new BigDecimal("0.001"),
                BigDecimal.ZERO, null, "test", Instant.now()));
    }

    private void publish(EventType type, String subject, Record payload) {
        EventBus.publish(bootstrap, event(type, subject, payload), type.topic().startsWith("ops.") ? "order-gateway" : "BTCUSDT");
    }

    private static EventEnvelope<?> event(EventType type, String subject, Record payload) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), "/order-gateway", type, Instant.now(), subject,
                EventType.SCHEMA_VERSION, payload);
    }

    private static Predicate<EventEnvelope<?>> phase(String runId, String phase) {
        return e -> e.data() instanceof ReconciliationRun r && r.runId().equals(runId) && r.phase().equals(phase);
    }

    private static Predicate<EventEnvelope<?>> command(String coid, CommandType type) {
        return e -> e.data() instanceof OrderCommand c && c.clientOrderId().equals(coid) && c.command() == type;
    }

    private static ReconciliationRun run(EventEnvelope<?> event) {
        return (ReconciliationRun) event.data();
    }

    private static OrderCommand command(EventEnvelope<?> event) {
        return (OrderCommand) event.data();
    }

    private static String coid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
    }

    @Test
    void aRunIdWithANulCharacterIsNotFoundRatherThanAnError() {
        TestTokens.as(TestTokens.RECONCILIATION_READER).urlEncodingEnabled(false).get("/api/v1/reconciliation/runs/a%00b").then()
                .statusCode(404).contentType("application/problem+json");
    }
}
