package dev.orderflow.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.OrderIntent;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ENABLE_CONSOLIDATED_ENTRY_GUARDS=false: the guards run one after another and stop at the first
 * block. The same books as {@link GuardDecisionsTests}, where consolidation reports every reason.
 */
@QuarkusTest
@TestProfile(FirstFailTests.FirstFail.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
class FirstFailTests {

    public static class FirstFail implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ENABLE_CONSOLIDATED_ENTRY_GUARDS", "false");
        }
    }

    GuardDecision decide(OrderIntent intent) {
        try (Intents intents = new Intents(); TopicReader decisions = new TopicReader(Topics.ORDER_DECISIONS)) {
            intents.send(intent);
            return decisions.decision(intent.clientOrderId(), Duration.ofSeconds(30));
        }
    }

    @Test
    void wideSpreadStopsAtSpreadWithoutLookingAtSlippage() {
        GuardDecision decision = decide(Intents.entry(Intents.coid("ff-wide"), "WIDEUSDT", Side.BUY, "0.01"));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(decision.consolidated()).isFalse();
        assertThat(decision.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.STALE_BOOK, GuardReason.SPREAD);
        assertThat(decision.findings().getLast().passed()).isFalse();
    }

    @Test
    void orderLargerThanTheBookStopsAtDepth() {
        BigDecimal book = PaperAdmin.sideQuantity("BTCUSDT", "asks");
        String quantity = book.multiply(BigDecimal.TWO).setScale(5, RoundingMode.DOWN).toPlainString();

        GuardDecision decision = decide(Intents.entry(Intents.coid("ff-huge"), "BTCUSDT", Side.BUY, quantity));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(decision.findings()).extracting(GuardFinding::reason)
                .containsExactly(GuardReason.STALE_BOOK, GuardReason.SPREAD, GuardReason.DEPTH);
        assertThat(decision.findings()).extracting(GuardFinding::passed).containsExactly(true, true, false);
    }

    @Test
    void healthyOrderRunsEveryGuardAndIsAllowed() {
        GuardDecision decision = decide(Intents.entry(Intents.coid("ff-ok"), "BTCUSDT", Side.SELL, "0.001"));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.ALLOW);
        assertThat(decision.findings()).hasSize(4).allMatch(GuardFinding::passed);
    }
}
