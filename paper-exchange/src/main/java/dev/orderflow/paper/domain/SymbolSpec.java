package dev.orderflow.paper.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A listed symbol and how its market behaves.
 *
 * @param volatility standard deviation of the log return of one refresh step
 * @param spreadBps best bid to best ask, in basis points of the mid
 * @param levelSpacingBps distance between adjacent levels, in basis points of the mid
 * @param depthBaseQuantity base-asset quantity at the best level
 * @param depthGrowth quantity growth per level away from the top
 */
public record SymbolSpec(String symbol, String baseAsset, String quoteAsset, BigDecimal tickSize, BigDecimal stepSize,
        BigDecimal minNotional, BigDecimal startPrice, double volatility, double spreadBps, double levelSpacingBps,
        BigDecimal depthBaseQuantity, double depthGrowth) {

    public static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    public static final BigDecimal MAX_QTY = new BigDecimal("9000");

    public SymbolSpec {
        if (tickSize.signum() <= 0 || stepSize.signum() <= 0 || startPrice.signum() <= 0) {
            throw new IllegalArgumentException(symbol + ": tick size, step size and start price must be positive");
        }
        if (volatility < 0 || spreadBps <= 0 || levelSpacingBps <= 0 || depthBaseQuantity.signum() <= 0) {
            throw new IllegalArgumentException(symbol + ": volatility >= 0, spread, level spacing and depth must be positive");
        }
    }

    /** Built-in profile of a symbol (BTCUSDT, ETHUSDT, SOLUSDT, or a generic one for *USDT). */
    public static SymbolSpec defaults(String symbol) {
        return switch (symbol) {
            case "BTCUSDT" -> new SymbolSpec(symbol, "BTC", "USDT", new BigDecimal("0.01"), new BigDecimal("0.00001"),
                    new BigDecimal("5"), new BigDecimal("60000"), 0.0005, 1.0, 0.5, new BigDecimal("0.5"), 0.3);
            case "ETHUSDT" -> new SymbolSpec(symbol, "ETH", "USDT", new BigDecimal("0.01"), new BigDecimal("0.0001"),
                    new BigDecimal("5"), new BigDecimal("3000"), 0.0006, 1.5, 0.5, new BigDecimal("5"), 0.3);
            case "SOLUSDT" -> new SymbolSpec(symbol, "SOL", "USDT", new BigDecimal("0.01"), new BigDecimal("0.001"),
                    new BigDecimal("5"), new BigDecimal("150"), 0.0008, 2.0, 1.0, new BigDecimal("50"), 0.3);
            default -> {
                String quote = symbol.endsWith("USDT") ? "USDT" : symbol.substring(Math.max(0, symbol.length() - 3));
                String base = symbol.substring(0, symbol.length() - quote.length());
                yield new SymbolSpec(symbol, base, quote, new BigDecimal("0.01"), new BigDecimal("0.001"),
                        new BigDecimal("5"), new BigDecimal("100"), 0.0008, 2.0, 1.0, new BigDecimal("10"), 0.3);
            }
        };
    }

    public BigDecimal minQty() {
        return stepSize;
    }

    public BigDecimal minPrice() {
        return tickSize;
    }

    public boolean onTick(BigDecimal price) {
        return price.remainder(tickSize).signum() == 0;
    }

    public boolean onStep(BigDecimal qty) {
        return qty.remainder(stepSize).signum() == 0;
    }

    public BigDecimal floorToStep(BigDecimal qty) {
        return qty.divide(stepSize, 0, RoundingMode.FLOOR).multiply(stepSize).stripTrailingZeros();
    }

    public BigDecimal floorToTick(BigDecimal price) {
        return price.divide(tickSize, 0, RoundingMode.FLOOR).multiply(tickSize);
    }

    public BigDecimal ceilToTick(BigDecimal price) {
        return price.divide(tickSize, 0, RoundingMode.CEILING).multiply(tickSize);
    }
}
