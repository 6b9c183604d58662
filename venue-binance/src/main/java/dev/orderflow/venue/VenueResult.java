package dev.orderflow.venue;

/** What a request about an order established at the venue. Outcomes are values; only programming errors throw. */
public sealed interface VenueResult {

    /** The venue answered with the order. */
    record Ok(VenueOrder order) implements VenueResult {
    }

    /**
     * A definite refusal: the request changed nothing at the venue.
     *
     * @param reason the refusal in the project's terms
     * @param code the venue's error code, for messages
     */
    record Rejected(Refusal reason, int httpStatus, int code, String message) implements VenueResult {

        /** The venue's code and message, as operators look them up. */
        public String describe() {
            return code + " " + message;
        }
    }

    /** The venue does not know the order (Binance -2013, or -2011 "Unknown order sent."). */
    record NotFound(String message) implements VenueResult {
    }

    /**
     * The request may or may not have taken effect: a timeout after sending, Binance -1007, a 5xx, or a
     * connection dropped after the request was written.
     */
    record Unknown(String reason) implements VenueResult {
    }

    /** Rate limited (429, or 418 when banned) and still so after the retries: nothing happened at the venue. */
    record Throttled(int httpStatus, long retryAfterMs) implements VenueResult {
    }

    /** The request never left: no connection, or the caller withdrew it while it waited for the limits. */
    record NotSent(String reason) implements VenueResult {
    }

    /** Why the venue refused a request. */
    enum Refusal {
        /** An open order with this client order id already exists at the venue: query it. */
        DUPLICATE_CLIENT_ORDER_ID,
        /** Any other refusal (filters, balance, market closed, ...); the message says which. */
        REFUSED
    }
}
