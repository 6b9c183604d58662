package dev.orderflow.guards.exchange;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps this service's request weight within its share of the exchange's per-minute limit. The
 * exchange counts weight per IP in minute windows and reports what it has counted in the
 * {@code X-MBX-USED-WEIGHT-1M} header; we count our own requests in the same windows, trust the
 * exchange's figure when it is higher (other processes behind the same IP), and stop asking until
 * the time given by {@code Retry-After} after a 429 or 418.
 */
public final class RequestWeightLimiter {

    private final Clock clock;
    private volatile int budgetPerMinute;
    private long windowStartMinute = -1;
    private int usedInWindow;
    private long blockedUntilMillis;

    public RequestWeightLimiter(Clock clock, int budgetPerMinute) {
        this.clock = clock;
        this.budgetPerMinute = budgetPerMinute;
    }

    /** Takes {@code weight} from this minute's budget; false (and nothing taken) when it does not fit or we are backing off. */
    public synchronized boolean tryAcquire(int weight) {
        long now = clock.millis();
        if (now < blockedUntilMillis) {
            return false;
        }
        roll(now);
        if (usedInWindow + weight > budgetPerMinute) {
            return false;
        }
        usedInWindow += weight;
        return true;
    }

    /** The weight the exchange says this IP has used in the current minute. */
    public synchronized void observeUsed(int usedWeight) {
        roll(clock.millis());
        usedInWindow = Math.max(usedInWindow, usedWeight);
    }

    /** No request before the given time (a 429/418 with Retry-After). */
    public synchronized void backOffUntil(Instant until) {
        blockedUntilMillis = Math.max(blockedUntilMillis, until.toEpochMilli());
    }

    public synchronized Instant blockedUntil() {
        return Instant.ofEpochMilli(blockedUntilMillis);
    }

    public synchronized int usedInCurrentMinute() {
        roll(clock.millis());
        return usedInWindow;
    }

    public int budgetPerMinute() {
        return budgetPerMinute;
    }

    public void setBudgetPerMinute(int budget) {
        this.budgetPerMinute = Math.max(1, budget);
    }

    private void roll(long now) {
        long minute = now / 60_000;
        if (minute != windowStartMinute) {
            windowStartMinute = minute;
            usedInWindow = 0;
        }
    }
}
