package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** An order as a strategy asks for it, before the exchange's symbol rules are checked. */
public record OrderRequest(
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        BigDecimal quantity,
        BigDecimal price,
        TimeInForce timeInForce,
        Intent intent,
        BigDecimal referencePrice,
        Integer ttlSeconds,
        String strategyId) {

    /** Binance's rule for newClientOrderId. */
    public static final Pattern COID = Pattern.compile("^[.A-Za-z0-9:/_-]{1,36}$");
    private static final Pattern SYMBOL = Pattern.compile("^[A-Z0-9]{2,20}$");
    private static final Pattern STRATEGY = Pattern.compile("^[A-Za-z0-9._:/-]{1,64}$");

    /** Field-level problems of the request itself; empty when it is well formed. */
    public List<SymbolFilters.Violation> validate() {
        List<SymbolFilters.Violation> errors = new ArrayList<>();
        if (clientOrderId == null || !COID.matcher(clientOrderId).matches()) {
            errors.add(new SymbolFilters.Violation("clientOrderId", "required, 1-36 characters of [.A-Za-z0-9:/_-]"));
        }
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            errors.add(new SymbolFilters.Violation("symbol", "required, 2-20 upper-case letters or digits"));
        }
        if (side == null) {
            errors.add(new SymbolFilters.Violation("side", "required: BUY or SELL"));
        }
        if (type == null) {
            errors.add(new SymbolFilters.Violation("type", "required: MARKET or LIMIT"));
        }
        if (intent == null) {
            errors.add(new SymbolFilters.Violation("intent", "required: ENTRY or EXIT"));
        }
        if (quantity == null || quantity.signum() <= 0) {
            errors.add(new SymbolFilters.Violation("quantity", "required, greater than zero"));
        }
        if (type == OrderType.LIMIT) {
            if (price == null || price.signum() <= 0) {
                errors.add(new SymbolFilters.Violation("price", "required for a LIMIT order, greater than zero"));
            }
        } else if (type == OrderType.MARKET) {
            if (price != null) {
                errors.add(new SymbolFilters.Violation("price", "not allowed for a MARKET order"));
            }
            if (timeInForce != null) {
                errors.add(new SymbolFilters.Violation("timeInForce", "not allowed for a MARKET order"));
            }
        }
        if (referencePrice != null && referencePrice.signum() <= 0) {
            errors.add(new SymbolFilters.Violation("referencePrice", "greater than zero when given"));
        }
        if (ttlSeconds != null && ttlSeconds < 1) {
            errors.add(new SymbolFilters.Violation("ttlSeconds", "at least 1 when given"));
        }
        if (strategyId != null && !STRATEGY.matcher(strategyId).matches()) {
            errors.add(new SymbolFilters.Violation("strategyId", "1-64 characters of [A-Za-z0-9._:/-]"));
        }
        return errors;
    }

    /** Time in force sent to the exchange: GTC unless given, none for market orders. */
    public TimeInForce effectiveTimeInForce() {
        return type == OrderType.MARKET ? null : timeInForce == null ? TimeInForce.GTC : timeInForce;
    }

    /**
     * SHA-256 of the request's terms in a canonical form (numbers without trailing zeros, defaults
     * applied), so that "the same payload" means the same order whatever the JSON spelling.
     */
    public String fingerprint() {
        String canonical = String.join("|", clientOrderId, symbol, String.valueOf(side), String.valueOf(type),
                plain(quantity), plain(price), String.valueOf(effectiveTimeInForce()), String.valueOf(intent),
                plain(referencePrice), String.valueOf(ttlSeconds), String.valueOf(strategyId));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "-" : value.stripTrailingZeros().toPlainString();
    }
}
