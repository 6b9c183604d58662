package dev.orderflow.gateway.exchange;

import static dev.orderflow.gateway.exchange.ExchangePathTests.marketableBuyWithoutReference;
import static dev.orderflow.gateway.exchange.ExchangePathTests.slippageOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.SlippageReference;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.gateway.domain.OrderStateMachine;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.GuardsOffProfile;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** With the entry guards off nobody expects a price: an entry without a reference is measured against the touch. */
@QuarkusTest
@TestProfile(GuardsOffProfile.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class GuardsOffSlippageTests {

    @Test
    void anEntryWithoutReferenceIsMeasuredAgainstTheTouchReadBeforeSending() {
        String id = GatewayTest.coid("guards-off");
        BigDecimal askBefore = PaperVenue.bestAsk("ETHUSDT");
        try (EventRecorder events = GatewayTest.recorder(Topics.ORDER_EVENTS)) {
            marketableBuyWithoutReference(id, "ETHUSDT"); // no guard decision is ever sent: it goes on by itself
            EntrySlippage slippage = slippageOf(events, id);
            assertThat(slippage.referenceSource()).isEqualTo(SlippageReference.BOOK_TOUCH);
            assertThat(slippage.referencePrice()).as("the best ask when it was sent")
                    .isBetween(askBefore.multiply(new BigDecimal("0.99")), askBefore.multiply(new BigDecimal("1.01")));
            assertThat(slippage.slippageBps())
                    .isEqualByComparingTo(OrderStateMachine.slippageBps(Side.BUY, slippage.referencePrice(), slippage.averagePrice()));
        }
        assertThat(GatewayTest.status(id)).isEqualTo("FILLED");
    }
}
