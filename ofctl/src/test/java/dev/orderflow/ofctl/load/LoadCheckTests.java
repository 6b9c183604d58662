package dev.orderflow.ofctl.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.ofctl.load.LoadCheck.ExchangeOrder;
import dev.orderflow.ofctl.load.LoadCheck.GatewayOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadCheckTests {

    @Test
    void everyOrderOnceAtTheExchangePasses() {
        var outcome = LoadCheck.check(List.of("a", "b", "c"),
                Map.of("a", new GatewayOrder("a", "FILLED", "1"), "b", new GatewayOrder("b", "FILLED", "2"), "c", new GatewayOrder("c", "BLOCKED", null)),
                List.of(new ExchangeOrder("a", 1, "FILLED"), new ExchangeOrder("b", 2, "FILLED")));

        assertThat(outcome.passed()).isTrue();
    }

    @Test
    void twoOrdersForOneIdAreADuplicate() {
        var outcome = LoadCheck.check(List.of("a"), Map.of("a", new GatewayOrder("a", "FILLED", "1")),
                List.of(new ExchangeOrder("a", 1, "FILLED"), new ExchangeOrder("a", 7, "FILLED")));

        assertThat(outcome.duplicated()).containsEntry("a", 2);
        assertThat(outcome.passed()).isFalse();
    }

    @Test
    void anAcceptedOrderTheExchangeNeverSawOrTheGatewayForgotIsLost() {
        var outcome = LoadCheck.check(List.of("a", "b"), Map.of("a", new GatewayOrder("a", "ACKNOWLEDGED", "1")), List.of());

        assertThat(outcome.lost()).containsExactly("a: ACKNOWLEDGED at the gateway, absent at the exchange", "b: accepted, unknown to the gateway");
    }

    @Test
    void anOrderAtTheExchangeThatTheGatewayBlockedIsUnexpectedAndAnUnknownOneIsUnsettled() {
        var outcome = LoadCheck.check(List.of("a", "b"),
                Map.of("a", new GatewayOrder("a", "BLOCKED", null), "b", new GatewayOrder("b", "UNKNOWN", null)),
                List.of(new ExchangeOrder("a", 1, "FILLED")));

        assertThat(outcome.unexpected()).singleElement().asString().startsWith("a: at the exchange, BLOCKED");
        assertThat(outcome.unsettled()).containsExactly("b: UNKNOWN");
    }
}
