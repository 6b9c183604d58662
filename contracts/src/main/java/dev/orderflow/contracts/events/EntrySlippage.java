package dev.orderflow.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Realised slippage of a filled entry against the strategy's reference price, positive when worse.
 * The field is {@code slippage_bps}, the name operators already query.
 */
public record EntrySlippage(
        String clientOrderId,
        String symbol,
        Side side,
        BigDecimal referencePrice,
        BigDecimal averagePrice,
        BigDecimal filledQuantity,
        @JsonProperty("slippage_bps") BigDecimal slippageBps,
        Instant at) {
}
