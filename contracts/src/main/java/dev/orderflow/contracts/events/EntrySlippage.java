package dev.orderflow.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Realised slippage of a filled entry against its reference price, positive when worse. The field is
 * {@code slippage_bps}, the name operators already query.
 *
 * @param referenceSource which price {@code referencePrice} is: the strategy's, the guards' expectation
 *        or the touch before sending (absent in events published before the field existed: the strategy's)
 */
public record EntrySlippage(
        String clientOrderId,
        String symbol,
        Side side,
        BigDecimal referencePrice,
        BigDecimal averagePrice,
        BigDecimal filledQuantity,
        @JsonProperty("slippage_bps") BigDecimal slippageBps,
        Instant at,
        SlippageReference referenceSource) {

    /** Slippage against the strategy's own reference price. */
    public EntrySlippage(String clientOrderId, String symbol, Side side, BigDecimal referencePrice, BigDecimal averagePrice,
            BigDecimal filledQuantity, BigDecimal slippageBps, Instant at) {
        this(clientOrderId, symbol, side, referencePrice, averagePrice, filledQuantity, slippageBps, at, SlippageReference.STRATEGY);
    }
}
