package dev.orderflow.gateway.api;

import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.gateway.domain.OrderRequest;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON body of POST /api/v1/orders. Decimals may be JSON numbers or strings. */
@Schema(name = "OrderRequest", description = "A new order. The clientOrderId makes retries safe.")
public record OrderRequestBody(
        @Schema(required = true, pattern = "^[.A-Za-z0-9:/_-]{1,36}$", description = "client order id (COID), sent to the exchange as newClientOrderId")
        String clientOrderId,
        @Schema(required = true, example = "BTCUSDT") String symbol,
        @Schema(required = true) Side side,
        @Schema(required = true) OrderType type,
        @Schema(required = true, example = "0.010") BigDecimal quantity,
        @Schema(description = "limit price; required for LIMIT, absent for MARKET") BigDecimal price,
        @Schema(description = "LIMIT only; default GTC") TimeInForce timeInForce,
        @Schema(required = true, description = "ENTRY opens or grows a position; EXIT reduces or closes one and skips entry guards") Intent intent,
        @Schema(description = "the strategy's signal price, for realised slippage; without it slippage is measured against the entry guards' expected price or the touch before sending") BigDecimal referencePrice,
        @Schema(description = "cancel when not filled this many seconds after acceptance (after the first fill with USE_FIRST_FILL_TS_FOR_TTL)", minimum = "1") Integer ttlSeconds,
        String strategyId) {

    public OrderRequest toDomain() {
        return new OrderRequest(clientOrderId, symbol, side, type, quantity, price, timeInForce, intent, referencePrice,
                ttlSeconds, strategyId);
    }
}
