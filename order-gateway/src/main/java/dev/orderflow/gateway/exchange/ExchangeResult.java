package dev.orderflow.gateway.exchange;

/** What a request to the exchange established. Outcomes are values; only programming errors throw. */
public sealed interface ExchangeResult {

    /** The exchange answered with the order. */
    record Ok(ExchangeOrder order) implements ExchangeResult {
    }

    /** A definite refusal: the request changed nothing at the exchange (e.g. -2010, -1013, -2011). */
    record Rejected(int httpStatus, int code, String message) implements ExchangeResult {
    }

    /** The exchange does not know the order (-2013). */
    record NotFound(String message) implements ExchangeResult {
    }

    /**
     * The request may or may not have taken effect: a timeout after sending, -1007, a 5xx, or a
     * connection dropped after the request was written.
     */
    record Unknown(String reason) implements ExchangeResult {
    }

    /** Rate limited (429, or 418 when banned): the request was refused; wait before anything else. */
    record Throttled(int httpStatus, long retryAfterMs) implements ExchangeResult {
    }

    /** The exchange could not be reached at all (connection refused): nothing was sent. */
    record NotSent(String reason) implements ExchangeResult {
    }
}
