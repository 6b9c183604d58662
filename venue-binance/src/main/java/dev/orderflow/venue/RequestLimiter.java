package dev.orderflow.venue;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The venue's limits as this process spends them: one bucket per REQUEST_WEIGHT limit and per ORDERS
 * limit the venue states in exchangeInfo, each holding this process's share of it, and a pause for as
 * long as a 429/418's Retry-After says. The venue counts weight per IP: when it reports more used in the
 * current minute ({@code X-MBX-USED-WEIGHT-1M}) than this process counted (other processes behind the
 * same IP), the minute's bucket is drawn down to match.
 *
 * <p>The buckets refill by the given clock, in milliseconds. Until exchangeInfo was read the weight budget is {@value #DEFAULT_WEIGHT_PER_MINUTE} per minute
 * (Binance spot's) times the share; a configured limit per minute replaces what exchangeInfo says.
 */
public final class RequestLimiter {

    /** Binance spot's REQUEST_WEIGHT per minute, used until the venue's own limits are known. */
    public static final int DEFAULT_WEIGHT_PER_MINUTE = 6000;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** A bucket of one limit and its size. */
    private record Limit(Bucket bucket, long capacity, Duration interval) {
    }

    /**
     * What a request waited for before it could be sent.
     *
     * @param limit {@code REQUEST_WEIGHT} or {@code ORDERS}, null when it did not wait
     */
    public record Wait(String limit, long nanos) {
        static final Wait NONE = new Wait(null, 0);

        public boolean waited() {
            return limit != null;
        }
    }

    private final BigDecimal share;
    private final boolean fixed;
    private final LongSupplier clockMillis;
    private final TimeMeter time;
    private final AtomicLong pausedUntil = new AtomicLong();
    private volatile List<Limit> weight;
    private volatile List<Limit> orders = List.of();
    private volatile boolean sized;
    private boolean rulesRead;

    /**
     * @param share of each limit this process may spend (0 to 1]
     * @param fixedWeightPerMinute a REQUEST_WEIGHT limit per minute that replaces the venue's
     */
    public RequestLimiter(BigDecimal share, Optional<Integer> fixedWeightPerMinute, LongSupplier clockMillis) {
        this.share = share;
        this.fixed = fixedWeightPerMinute.isPresent();
        this.clockMillis = clockMillis;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clockMillis.getAsLong() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.weight = List.of(limit(fixedWeightPerMinute.orElse(DEFAULT_WEIGHT_PER_MINUTE), MINUTE));
        this.sized = fixed;
    }

    /** True once the weight limits come from the venue's exchangeInfo or from configuration. */
    public boolean sized() {
        return sized;
    }

    /** Sizes the buckets from the venue's stated limits, the first time only: later reads leave what they counted alone. */
    public synchronized void size(List<VenueRules.RateLimit> limits) {
        if (rulesRead) {
            return;
        }
        rulesRead = true;
        List<Limit> weights = new ArrayList<>();
        List<Limit> orderLimits = new ArrayList<>();
        for (VenueRules.RateLimit limit : limits) {
            if (limit.limit() <= 0) {
                continue;
            }
            switch (limit.type()) {
                case "REQUEST_WEIGHT" -> weights.add(limit(limit.limit(), limit.interval()));
                case "ORDERS" -> orderLimits.add(limit(limit.limit(), limit.interval()));
                default -> {
                }
            }
        }
        orders = List.copyOf(orderLimits);
        if (!fixed && !weights.isEmpty()) {
            weight = List.copyOf(weights);
        }
        sized = true;
    }

    private Limit limit(long perInterval, Duration interval) {
        long capacity = Math.max(1, new BigDecimal(perInterval).multiply(share).setScale(0, RoundingMode.DOWN).longValue());
        return new Limit(Bucket.builder().withCustomTimePrecision(time).addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, interval).build()).build(),
                capacity, interval);
    }

    /**
     * Takes a request's weight (and one order, for an order) from every bucket, waiting for them to
     * refill when {@code mayWait}.
     *
     * @throws VenueThrottledException when {@code mayWait} is false and a bucket has too little left; nothing is taken then
     */
    public Wait acquire(int requestWeight, boolean order, boolean mayWait) {
        List<Limit> weights = weight;
        List<Limit> orderLimits = order ? orders : List.of();
        if (!mayWait) {
            synchronized (this) {
                for (Limit limit : weights) {
                    if (limit.bucket().getAvailableTokens() < requestWeight) {
                        throw new VenueThrottledException("request weight budget exhausted: " + usedInCurrentMinute() + " of "
                                + budgetPerMinute() + " used this minute", 0, 0);
                    }
                }
                for (Limit limit : orderLimits) {
                    if (limit.bucket().getAvailableTokens() < 1) {
                        throw new VenueThrottledException("order rate limit reached", 0, 0);
                    }
                }
                weights.forEach(limit -> limit.bucket().tryConsume(requestWeight));
                orderLimits.forEach(limit -> limit.bucket().tryConsume(1));
                return Wait.NONE;
            }
        }
        long waited = 0;
        String which = null;
        for (Limit limit : weights) {
            long w = consume(limit.bucket(), requestWeight);
            if (w > 0) {
                waited += w;
                which = "REQUEST_WEIGHT";
            }
        }
        for (Limit limit : orderLimits) {
            long w = consume(limit.bucket(), 1);
            if (w > 0) {
                waited += w;
                which = "ORDERS";
            }
        }
        return which == null ? Wait.NONE : new Wait(which, waited);
    }

    private static long consume(Bucket bucket, long tokens) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return 0;
        }
        long wait = probe.getNanosToWaitForRefill();
        try {
            bucket.asBlocking().consume(tokens);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return wait;
    }

    /** The venue says this IP used {@code usedWeight} in the current minute: the minute's budget keeps no more than is left of it. */
    public void observeUsed(int usedWeight) {
        Limit minute = minuteLimit();
        if (minute == null) {
            return;
        }
        long ownUse = minute.capacity() - minute.bucket().getAvailableTokens();
        long excess = Math.min(usedWeight - ownUse, minute.bucket().getAvailableTokens());
        if (excess > 0) {
            minute.bucket().tryConsume(excess);
        }
    }

    /** No request before {@code retryAfterMs} from now (the venue answered 429/418). */
    public void pause(long retryAfterMs) {
        pausedUntil.accumulateAndGet(clockMillis.getAsLong() + retryAfterMs, Math::max);
    }

    /** Milliseconds left of the current Retry-After pause (0 when none). */
    public long pauseRemainingMs() {
        return Math.max(0, pausedUntil.get() - clockMillis.getAsLong());
    }

    /** End of the current (or last) Retry-After pause, in epoch milliseconds. */
    public long pausedUntilMillis() {
        return pausedUntil.get();
    }

    /** This process's REQUEST_WEIGHT budget per minute. */
    public int budgetPerMinute() {
        Limit minute = minuteLimit();
        if (minute != null) {
            return (int) Math.min(Integer.MAX_VALUE, minute.capacity());
        }
        Limit first = weight.getFirst();
        return (int) Math.min(Integer.MAX_VALUE, first.capacity() * MINUTE.toMillis() / Math.max(1, first.interval().toMillis()));
    }

    /** Weight spent of the minute's budget, refills counted back (what the budget has not got available). */
    public int usedInCurrentMinute() {
        Limit minute = minuteLimit();
        Limit limit = minute != null ? minute : weight.getFirst();
        return (int) Math.max(0, limit.capacity() - Math.max(0, limit.bucket().getAvailableTokens()));
    }

    private Limit minuteLimit() {
        for (Limit limit : weight) {
            if (limit.interval().equals(MINUTE)) {
                return limit;
            }
        }
        return null;
    }
}
