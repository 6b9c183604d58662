package dev.orderflow.paper.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimiterTests {

    private static final long T0 = 1_700_000_080_000L; // 40 s into a minute

    @Test
    void weightOverTheLimitIs429UntilTheWindowEndsThenBanned418() {
        RateLimiter limiter = new RateLimiter();
        assertThat(limiter.addWeight("ip", 8, T0, 10, 2, 120_000)).isEqualTo(8);
        assertThatThrownBy(() -> limiter.addWeight("ip", 5, T0, 10, 2, 120_000))
                .isInstanceOfSatisfying(RateLimitExceeded.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo(-1003);
                    assertThat(e.retryAfterSeconds()).isEqualTo(20);
                });
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> limiter.addWeight("ip", 1, T0, 10, 2, 120_000))
                    .isInstanceOfSatisfying(RateLimitExceeded.class, e -> assertThat(e.status()).isEqualTo(429));
        }
        assertThatThrownBy(() -> limiter.addWeight("ip", 1, T0 + 1000, 10, 2, 120_000))
                .isInstanceOfSatisfying(RateLimitExceeded.class, e -> {
                    assertThat(e.status()).isEqualTo(418);
                    assertThat(e.retryAfterSeconds()).isEqualTo(120);
                });
        // Still banned in the next minute; another IP is not.
        assertThatThrownBy(() -> limiter.addWeight("ip", 1, T0 + 30_000, 10, 2, 120_000))
                .isInstanceOfSatisfying(RateLimitExceeded.class, e -> assertThat(e.status()).isEqualTo(418));
        assertThat(limiter.addWeight("other", 1, T0, 10, 2, 120_000)).isEqualTo(1);
        limiter.reset();
        assertThat(limiter.addWeight("ip", 1, T0, 10, 2, 120_000)).isEqualTo(1);
    }

    @Test
    void ordersPerTenSecondsAre1015() {
        RateLimiter limiter = new RateLimiter();
        assertThat(limiter.addOrder("k", T0, 2, 100)).containsExactly(1, 1);
        assertThat(limiter.addOrder("k", T0 + 1, 2, 100)).containsExactly(2, 2);
        assertThatThrownBy(() -> limiter.addOrder("k", T0 + 2, 2, 100))
                .isInstanceOfSatisfying(RateLimitExceeded.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo(-1015);
                });
        assertThat(limiter.addOrder("k", T0 + 10_000, 2, 100)).containsExactly(1, 3);
    }
}
