package dev.orderflow.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderTtlTests {

    private static final Instant ACCEPTED = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant FIRST_FILL = ACCEPTED.plusSeconds(50);

    @Test
    void withoutATtlNothingExpires() {
        assertThat(OrderTtl.expired(null, ACCEPTED, null, true, ACCEPTED.plusSeconds(86_400))).isEmpty();
    }

    @Test
    void countsFromAcceptanceWithoutFills() {
        assertThat(OrderTtl.expired(60, ACCEPTED, null, true, ACCEPTED.plusSeconds(59))).isEmpty();
        assertThat(OrderTtl.expired(60, ACCEPTED, null, true, ACCEPTED.plusSeconds(60))).contains("TTL: open 60 s since acceptance, TTL 60 s");
    }

    @Test
    void countsFromTheFirstFillWhenTheFlagSaysSo() {
        assertThat(OrderTtl.expired(60, ACCEPTED, FIRST_FILL, true, ACCEPTED.plusSeconds(100))).as("50 s after the first fill").isEmpty();
        assertThat(OrderTtl.expired(60, ACCEPTED, FIRST_FILL, true, FIRST_FILL.plusSeconds(61)))
                .contains("TTL: open 61 s since first fill, TTL 60 s");
    }

    @Test
    void countsFromAcceptanceWhenTheFlagIsOffWhateverTheFills() {
        assertThat(OrderTtl.expired(60, ACCEPTED, FIRST_FILL, false, ACCEPTED.plusSeconds(100)))
                .contains("TTL: open 100 s since acceptance, TTL 60 s");
        assertThat(OrderTtl.deadline(60, ACCEPTED, FIRST_FILL, false)).contains(ACCEPTED.plusSeconds(60));
        assertThat(OrderTtl.deadline(60, ACCEPTED, FIRST_FILL, true)).contains(FIRST_FILL.plusSeconds(60));
    }
}
