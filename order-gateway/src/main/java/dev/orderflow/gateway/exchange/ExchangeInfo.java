package dev.orderflow.gateway.exchange;

import dev.orderflow.gateway.domain.SymbolFilters;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the gateway uses from exchangeInfo: symbol filters and the venue's rate limits. */
public record ExchangeInfo(Map<String, SymbolFilters> symbols, List<RateLimit> rateLimits) {

    /**
     * One rate limit as the venue states it.
     *
     * @param type {@code REQUEST_WEIGHT}, {@code ORDERS} or {@code RAW_REQUESTS}
     */
    public record RateLimit(String type, Duration interval, long limit) {
    }
}
