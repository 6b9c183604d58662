package dev.orderflow.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestLimiterTests {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void marketDataIsRefusedWhenTheBudgetCannotPayForItAndNothingIsTaken() {
        RequestLimiter limiter = new RequestLimiter(BigDecimal.ONE, Optional.of(12), now::get);
        limiter.acquire(5, false, false);
        limiter.acquire(5, false, false);
        assertThatThrownBy(() -> limiter.acquire(5, false, false)).isInstanceOf(VenueThrottledException.class)
                .hasMessage("request weight budget exhausted: 10 of 12 used this minute");
        assertThat(limiter.usedInCurrentMinute()).isEqualTo(10);
    }

    @Test
    void aProcessSpendsOnlyItsShareOfTheVenuesLimit() {
        RequestLimiter limiter = new RequestLimiter(new BigDecimal("0.5"), Optional.empty(), now::get);
        assertThat(limiter.budgetPerMinute()).as("Binance's 6000 until exchangeInfo is read").isEqualTo(3000);
        limiter.size(List.of(new VenueRules.RateLimit("REQUEST_WEIGHT", Duration.ofMinutes(1), 1200),
                new VenueRules.RateLimit("ORDERS", Duration.ofSeconds(10), 50)));
        assertThat(limiter.sized()).isTrue();
        assertThat(limiter.budgetPerMinute()).isEqualTo(600);
    }

    @Test
    void aConfiguredLimitWinsOverTheVenuesAndTheFirstSizingStays() {
        RequestLimiter limiter = new RequestLimiter(BigDecimal.ONE, Optional.of(100), now::get);
        limiter.size(List.of(new VenueRules.RateLimit("REQUEST_WEIGHT", Duration.ofMinutes(1), 1200)));
        assertThat(limiter.budgetPerMinute()).isEqualTo(100);
    }

    @Test
    void weightTheVenueCountedForOthersBehindTheSameIpIsTakenFromTheBudget() {
        RequestLimiter limiter = new RequestLimiter(BigDecimal.ONE, Optional.of(100), now::get);
        limiter.acquire(20, false, false);
        limiter.observeUsed(70);
        assertThat(limiter.usedInCurrentMinute()).isEqualTo(70);
        limiter.observeUsed(10); // lower than what we counted ourselves: ours stands
        assertThat(limiter.usedInCurrentMinute()).isEqualTo(70);
        assertThatThrownBy(() -> limiter.acquire(40, false, false)).isInstanceOf(VenueThrottledException.class);
    }

    @Test
    void aRetryAfterPausesUntilItEnds() {
        RequestLimiter limiter = new RequestLimiter(BigDecimal.ONE, Optional.empty(), now::get);
        limiter.pause(30_000);
        assertThat(limiter.pauseRemainingMs()).isEqualTo(30_000);
        limiter.pause(1_000); // a shorter pause does not end a longer one
        now.addAndGet(29_000);
        assertThat(limiter.pauseRemainingMs()).isEqualTo(1_000);
        now.addAndGet(2_000);
        assertThat(limiter.pauseRemainingMs()).isZero();
    }
}
