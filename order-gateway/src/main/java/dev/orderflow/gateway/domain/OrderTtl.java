package dev.orderflow.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An order's own time to live (the request's {@code ttlSeconds}): "cancel after this many seconds if not
 * filled". Counted from acceptance, or from the first fill when {@code USE_FIRST_FILL_TS_FOR_TTL} is on and
 * the order has one, so a partly filled order gets its whole TTL again for the rest. Pure.
 */
public final class OrderTtl {

    private OrderTtl() {
    }

    /** When the order's TTL runs out, or empty for an order without one. */
    public static Optional<Instant> deadline(Integer ttlSeconds, Instant acceptedAt, Instant firstFillAt, boolean fromFirstFill) {
        if (ttlSeconds == null) {
            return Optional.empty();
        }
        return Optional.of(start(acceptedAt, firstFillAt, fromFirstFill).plusSeconds(ttlSeconds));
    }

    /** The cancel reason of an order whose TTL ran out by {@code now}, or empty while it has time left. */
    public static Optional<String> expired(Integer ttlSeconds, Instant acceptedAt, Instant firstFillAt, boolean fromFirstFill,
            Instant now) {
        return deadline(ttlSeconds, acceptedAt, firstFillAt, fromFirstFill).filter(d -> !d.isAfter(now)).map(d -> {
            boolean fromFill = fromFirstFill && firstFillAt != null;
            Instant start = start(acceptedAt, firstFillAt, fromFirstFill);
            return "TTL: open " + Duration.between(start, now).toSeconds() + " s since " + (fromFill ? "first fill" : "acceptance")
                    + ", TTL " + ttlSeconds + " s";
        });
    }

    private static Instant start(Instant acceptedAt, Instant firstFillAt, boolean fromFirstFill) {
        return fromFirstFill && firstFillAt != null ? firstFillAt : acceptedAt;
    }
}
