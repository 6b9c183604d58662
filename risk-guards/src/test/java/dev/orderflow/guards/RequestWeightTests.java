package dev.orderflow.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.guards.messaging.Intents;
import dev.orderflow.guards.messaging.TopicReader;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Request weight is respected: with a budget of 10 per minute (two depth requests of weight 5),
 * books for further symbols are not requested at all, and those entries are blocked with
 * MARKET_DATA_UNAVAILABLE rather than allowed.
 */
@QuarkusTest
@TestProfile(RequestWeightTests.SmallBudget.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
class RequestWeightTests {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guards.market-data.weight-limit-per-minute", "10", "guards.market-data.weight-share", "1");
        }
    }

    @Test
    void booksBeyondTheWeightBudgetAreNotRequestedAndTheEntriesAreBlocked() {
        List<GuardDecision> decisions = new ArrayList<>();
        try (Intents intents = new Intents(); TopicReader reader = new TopicReader(Topics.ORDER_DECISIONS)) {
            // one symbol per intent, so each needs its own request; six of them, so that even a minute
            // boundary in the middle (a fresh budget) leaves at least one refused
            for (String symbol : List.of("BTCUSDT", "SOLUSDT", "HITUSDT", "CONCUSDT", "DOWNUSDT", "FROZUSDT")) {
                String coid = Intents.coid("weight");
                intents.send(Intents.entry(coid, symbol, Side.BUY, "0.01"));
                decisions.add(reader.decision(coid, Duration.ofSeconds(30)));
            }
        }

        List<GuardDecision> refused = decisions.stream().filter(d -> d.outcome() == GuardOutcome.BLOCK).toList();
        assertThat(decisions.stream().filter(d -> d.outcome() == GuardOutcome.ALLOW)).hasSizeBetween(1, 4);
        assertThat(refused).isNotEmpty().allSatisfy(d -> assertThat(d.findings()).singleElement().satisfies((GuardFinding f) -> {
            assertThat(f.reason()).isEqualTo(GuardReason.MARKET_DATA_UNAVAILABLE);
            assertThat(f.detail()).startsWith("request weight budget exhausted").endsWith("of 10 used this minute");
        }));
        assertThat(Metrics.value("orderflow_exchange_requests_throttled_total")).isGreaterThanOrEqualTo(refused.size());
        assertThat(Metrics.value("orderflow_guard_book_fetches_total", "result=\"error\"")).isGreaterThanOrEqualTo(1.0);
    }
}
