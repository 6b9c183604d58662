package dev.orderflow.paper.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated market of one symbol: a seeded geometric random walk of the mid price and an
 * N-level book rebuilt around it at every step. Liquidity taken by orders stays taken until the
 * next step.
 */
public final class Market {

    private final SymbolSpec spec;
    private final Random random;
    private final int depth;
    private double mid;
    private long updateId;
    final List<Level> bids = new ArrayList<>();
    final List<Level> asks = new ArrayList<>();

    public Market(SymbolSpec spec, long seed, int depth) {
        this.spec = spec;
        this.random = new Random(seed ^ (spec.symbol().hashCode() * 0x9E3779B97F4A7C15L));
        this.depth = depth;
        this.mid = spec.startPrice().doubleValue();
        rebuild();
    }

    public SymbolSpec spec() {
        return spec;
    }

    public double mid() {
        return mid;
    }

    /** One random-walk step, then a fresh book. */
    public void step() {
        mid = mid * Math.exp(spec.volatility() * random.nextGaussian());
        rebuild();
    }

    /** Moves the mid to a given price (operators and tests) and rebuilds the book. */
    public void moveTo(BigDecimal price) {
        mid = price.doubleValue();
        rebuild();
    }

    private void rebuild() {
        updateId++;
        bids.clear();
        asks.clear();
        BigDecimal tick = spec.tickSize();
        BigDecimal m = new BigDecimal(mid, MathContext.DECIMAL64);
        BigDecimal half = m.multiply(BigDecimal.valueOf(spec.spreadBps() / 20000.0), MathContext.DECIMAL64);
        BigDecimal bestBid = spec.floorToTick(m.subtract(half));
        BigDecimal bestAsk = spec.ceilToTick(m.add(half));
        if (bestAsk.compareTo(bestBid) <= 0) {
            bestAsk = bestBid.add(tick);
        }
        BigDecimal spacing = spec.floorToTick(m.multiply(BigDecimal.valueOf(spec.levelSpacingBps() / 10000.0),
                MathContext.DECIMAL64)).max(tick);
        BigDecimal base = spec.depthBaseQuantity();
        for (int i = 0; i < depth; i++) {
            BigDecimal bidPrice = bestBid.subtract(spacing.multiply(BigDecimal.valueOf(i)));
            if (bidPrice.signum() > 0) {
                bids.add(new Level(bidPrice, quantity(base, i)));
            }
            asks.add(new Level(bestAsk.add(spacing.multiply(BigDecimal.valueOf(i))), quantity(base, i)));
        }
    }

    private BigDecimal quantity(BigDecimal base, int level) {
        double factor = (1 + spec.depthGrowth() * level) * (0.5 + random.nextDouble());
        BigDecimal qty = spec.floorToStep(base.multiply(BigDecimal.valueOf(factor), MathContext.DECIMAL64));
        return qty.compareTo(spec.stepSize()) < 0 ? spec.stepSize() : qty;
    }

    public BookView view(int limit, long time) {
        return new BookView(spec.symbol(), updateId, copy(bids, limit), copy(asks, limit), time);
    }

    private static List<BigDecimal[]> copy(List<Level> levels, int limit) {
        List<BigDecimal[]> out = new ArrayList<>(Math.min(limit, levels.size()));
        for (Level level : levels) {
            if (out.size() == limit) {
                break;
            }
            if (level.qty.signum() > 0) {
                out.add(new BigDecimal[] {level.price, level.qty});
            }
        }
        return out;
    }

    /** Best price a marketable order of this side would meet, or null when that side is empty. */
    BigDecimal bestOpposite(Side side) {
        for (Level level : side == Side.BUY ? asks : bids) {
            if (level.qty.signum() > 0) {
                return level.price;
            }
        }
        return null;
    }
}
