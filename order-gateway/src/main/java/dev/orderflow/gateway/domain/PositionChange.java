package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * What one fill does to the base-asset position of its symbol: a position equals what the account holds
 * of the base asset only if the commission the exchange took in that asset is left out. A buy whose
 * commission is paid in the base asset adds the quantity less the commission (the exchange credits only
 * that); a sell whose commission is paid in the base asset removes the quantity plus the commission.
 * Commission in any other asset (the quote asset, BNB) leaves the base position alone.
 *
 * @param quantity the position after the fill
 * @param averagePrice average fill price of what is held, weighted by the quantity each buy added; null
 *        when nothing is held
 */
public record PositionChange(BigDecimal quantity, BigDecimal averagePrice) {

    /**
     * @param held the position before the fill
     * @param average its average price, null when nothing was held
     * @param baseAsset the symbol's base asset; null when unknown, and then the commission is not counted
     */
    public static PositionChange apply(BigDecimal held, BigDecimal average, Side side, BigDecimal quantity, BigDecimal price,
            BigDecimal commission, String commissionAsset, String baseAsset) {
        BigDecimal moved = baseQuantity(side, quantity, commission, commissionAsset, baseAsset);
        BigDecimal next = held.add(moved);
        if (side == Side.BUY) {
            BigDecimal notional = (average == null || held.signum() <= 0 ? BigDecimal.ZERO : average.multiply(held))
                    .add(price.multiply(moved.max(BigDecimal.ZERO)));
            return new PositionChange(next, next.signum() > 0 ? notional.divide(next, MathContext.DECIMAL64) : null);
        }
        return new PositionChange(next, next.signum() > 0 ? average : null);
    }

    /** The signed change of the base-asset holding a fill makes (positive for a buy). */
    public static BigDecimal baseQuantity(Side side, BigDecimal quantity, BigDecimal commission, String commissionAsset,
            String baseAsset) {
        Objects.requireNonNull(quantity, "quantity");
        BigDecimal fee = commission != null && baseAsset != null && baseAsset.equals(commissionAsset) ? commission : BigDecimal.ZERO;
        return side == Side.BUY ? quantity.subtract(fee) : quantity.add(fee).negate();
    }
}
