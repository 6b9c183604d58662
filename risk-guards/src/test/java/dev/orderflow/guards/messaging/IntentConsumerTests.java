package dev.orderflow.guards.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.guards.persistence.DecisionRepository;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.guards.GuardDecisionsTests;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka side on the real broker and the real database: one decision per intent, the decision's
 * shape on the wire, idempotency on redelivery, poison records, and the no-data path (a symbol the
 * exchange does not list: its depth request is refused, so there is no book).
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
class IntentConsumerTests {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DecisionRepository repository;

    Intents intents;
    TopicReader decisions;

    @BeforeEach
    void connect() {
        intents = new Intents();
        decisions = new TopicReader(Topics.ORDER_DECISIONS);
    }

    @AfterEach
    void disconnect() {
        intents.close();
        decisions.close();
    }

    static GuardDecision decisionOf(EventEnvelope<?> event) {
        return (GuardDecision) event.data();
    }

    EventEnvelope<?> awaitDecision(String coid) {
        return decisions.await(e -> e.type() == EventType.GUARD_DECISION && coid.equals(e.subject()), WAIT).event();
    }

    /** Every publication of the decision of an order, in the order read. */
    List<EventEnvelope<?>> publications(String coid, int atLeast) {
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> decisions.all(e -> e.type() == EventType.GUARD_DECISION && coid.equals(e.subject())).size() >= atLeast);
        return decisions.all(e -> e.type() == EventType.GUARD_DECISION && coid.equals(e.subject()));
    }

    @Test
    void exitIsAllowedWithExitBypassWithoutAskingTheExchange() {
        String coid = Intents.coid("exit");
        intents.send(Intents.exit(coid, "BTCUSDT", "0.5"));

        EventEnvelope<?> event = awaitDecision(coid);

        GuardDecision decision = decisionOf(event);
        assertThat(decision.outcome()).isEqualTo(GuardOutcome.ALLOW);
        assertThat(decision.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.EXIT_BYPASS);
        assertThat(decision.bookTime()).isNull();
        assertThat(event.source()).isEqualTo("/risk-guards");
        assertThat(event.subject()).isEqualTo(coid);
    }

    @Test
    void entryWithoutMarketDataIsBlockedNeverAllowed() {
        String coid = Intents.coid("nodata");
        intents.send(Intents.entry(coid, "NOSUCHUSDT", Side.BUY, "0.01"));

        GuardDecision decision = decisionOf(awaitDecision(coid));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(decision.consolidated()).isTrue();
        assertThat(decision.shadowMode()).isFalse();
        assertThat(decision.findings()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(GuardReason.MARKET_DATA_UNAVAILABLE);
            assertThat(f.passed()).isFalse();
            assertThat(f.detail()).startsWith("exchange answered HTTP 400");
        });
    }

    @Test
    void shadowSymbolWithoutMarketDataIsAShadowBlockNeverAnAllow() {
        String coid = Intents.coid("shadow");
        intents.send(Intents.entry(coid, "NOSHADOWUSDT", Side.BUY, "0.01"));

        GuardDecision decision = decisionOf(awaitDecision(coid));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.SHADOW_BLOCK);
        assertThat(decision.shadowMode()).isTrue();
        assertThat(decision.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.MARKET_DATA_UNAVAILABLE);
    }

    @Test
    void redeliveredIntentGetsTheStoredDecisionNotASecondOne() {
        String coid = Intents.coid("redeliver");
        EventEnvelope<OrderIntent> intent = Intents.event(Intents.entry(coid, "BTCUSDT", Side.SELL, "0.01"));
        intents.send(intent);
        EventEnvelope<?> first = publications(coid, 1).getFirst();

        intents.send(intent); // the same event again, as after a consumer crash before its offset commit
        EventEnvelope<?> second = publications(coid, 2).get(1);
        // the gateway re-sending the same order under a new event id gets the same answer too
        intents.send(Intents.event(intent.data()));
        EventEnvelope<?> third = publications(coid, 3).get(2);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.data()).isEqualTo(first.data());
        assertThat(third.id()).isEqualTo(first.id());
        assertThat(third.data()).isEqualTo(first.data());
        assertThat(repository.find(coid)).get().satisfies(stored -> {
            assertThat(stored.event().id()).isEqualTo(first.id());
            assertThat(stored.intentEventId()).isEqualTo(intent.id());
        });
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(repository.publishCount(coid)).isEqualTo(3));
    }

    @Test
    void invalidRecordsAreSkippedAndTheNextIntentIsAnswered() {
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(Topics.ORDER_INTENTS, "BTCUSDT", "{not json".getBytes(StandardCharsets.UTF_8));
        intents.sendRaw(garbage);
        String coid = Intents.coid("after-garbage");
        intents.send(Intents.exit(coid, "BTCUSDT", "1"));

        assertThat(decisionOf(awaitDecision(coid)).outcome()).isEqualTo(GuardOutcome.ALLOW);
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("orderflow_guard_invalid_intents_total"));
    }

    @Test
    void storedDecisionIsServedAsACloudEvent() {
        String coid = Intents.coid("rest");
        intents.send(Intents.exit(coid, "SOLUSDT", "2"));
        EventEnvelope<?> published = awaitDecision(coid);

        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/guards/decisions/{coid}", coid).then().statusCode(200)
                .body("id", equalTo(published.id()))
                .body("type", equalTo("GUARD_DECISION"))
                .body("data.outcome", equalTo("ALLOW"))
                .body("data.findings[0].reason", equalTo("EXIT_BYPASS"));
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/guards/decisions/{coid}", "unknown:1").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void decisionsAreKeyedBySymbolAndCountedInMetrics() {
        String coid = Intents.coid("metrics");
        intents.send(Intents.exit(coid, "SOLUSDT", "1"));
        TopicReader.Keyed published = decisions.await(e -> e.type() == EventType.GUARD_DECISION && coid.equals(e.subject()), WAIT);
        assertThat(published.key()).isEqualTo("SOLUSDT");

        String metrics = TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("orderflow_guard_decisions_total{", "outcome=\"ALLOW\"", "reason=\"EXIT_BYPASS\"",
                "orderflow_guard_decision_latency_seconds_bucket", "orderflow_guard_block_ratio", "orderflow_guard_cache_hit_ratio");
        List<String> lines = metrics.lines().filter(l -> l.startsWith("orderflow_guard_decisions_total")
                && l.contains("outcome=\"BLOCK\"") && l.contains("reason=\"MARKET_DATA_UNAVAILABLE\"")).toList();
        assertThat(lines).isNotEmpty();
    }
}
