package dev.orderflow.guards.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.guards.domain.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestWeightLimiterTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void budgetIsPerMinuteWindow() {
        RequestWeightLimiter limiter = new RequestWeightLimiter(clock, 12);

        assertThat(limiter.tryAcquire(5)).isTrue();
        assertThat(limiter.tryAcquire(5)).isTrue();
        assertThat(limiter.tryAcquire(5)).isFalse();
        assertThat(limiter.usedInCurrentMinute()).isEqualTo(10);
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.tryAcquire(5)).isTrue();
        assertThat(limiter.usedInCurrentMinute()).isEqualTo(5);
    }

    @Test
    void exchangeFigureWinsWhenHigher() {
        RequestWeightLimiter limiter = new RequestWeightLimiter(clock, 100);
        limiter.tryAcquire(5);

        limiter.observeUsed(97);

        assertThat(limiter.usedInCurrentMinute()).isEqualTo(97);
        assertThat(limiter.tryAcquire(5)).isFalse();
        limiter.observeUsed(3);
        assertThat(limiter.usedInCurrentMinute()).isEqualTo(97);
    }

    @Test
    void retryAfterStopsEveryRequestUntilItPasses() {
        RequestWeightLimiter limiter = new RequestWeightLimiter(clock, 1000);

        limiter.backOffUntil(clock.instant().plusSeconds(2));

        assertThat(limiter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofMillis(1999));
        assertThat(limiter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void depthWeightFollowsTheExchangeTable() {
        assertThat(BinanceMarketData.depthWeight(5)).isEqualTo(5);
        assertThat(BinanceMarketData.depthWeight(100)).isEqualTo(5);
        assertThat(BinanceMarketData.depthWeight(500)).isEqualTo(25);
        assertThat(BinanceMarketData.depthWeight(1000)).isEqualTo(50);
        assertThat(BinanceMarketData.depthWeight(5000)).isEqualTo(250);
    }
}
