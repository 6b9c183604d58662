package dev.orderflow.ofctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.CoidDuplicate;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.topics.Topics;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditFilterTests {

    @Test
    void typesChooseTheTopicsToRead() {
        assertThat(new AuditFilter(Set.of(EventType.HEARTBEAT, EventType.COID_DUPLICATE), null, null).topics())
                .containsExactlyInAnyOrder(Topics.HEARTBEATS, Topics.ORDER_EVENTS);
        assertThat(new AuditFilter(null, null, null).topics()).doesNotContain(Topics.HEARTBEATS, Topics.TELEMETRY);
    }

    @Test
    void symbolAndClientOrderIdAreMatchedWhereTheEventKeepsThem() {
        EventEnvelope<?> event = EventEnvelope.of("/order-gateway", EventType.COID_DUPLICATE, "s1-1", duplicate("s1-1", "BTCUSDT"));

        assertThat(new AuditFilter(Set.of(EventType.COID_DUPLICATE), "BTCUSDT", "s1-1").matches(event, "BTCUSDT")).isTrue();
        assertThat(new AuditFilter(null, "BTCUSDT", null).matches(event, null)).isTrue();
        assertThat(new AuditFilter(null, "ETHUSDT", null).matches(event, "BTCUSDT")).isFalse();
        assertThat(new AuditFilter(null, null, "s1-2").matches(event, "BTCUSDT")).isFalse();
        assertThat(new AuditFilter(Set.of(EventType.ORDER_FILLED), null, null).matches(event, "BTCUSDT")).isFalse();
    }

    private static CoidDuplicate duplicate(String coid, String symbol) {
        return new CoidDuplicate(coid, symbol, "s1", OrderStatus.FILLED, Instant.now(), 1, Instant.now());
    }
}
