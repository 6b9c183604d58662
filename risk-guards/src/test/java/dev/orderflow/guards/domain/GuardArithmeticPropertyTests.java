package dev.orderflow.guards.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The guards' book walk, spread and depth against a brute-force reference: the side is cut into lots
 * of 0.001 and walked one lot at a time, every level is looked at, and the arithmetic is exact
 * (34 digits) until the one rounding of the published value. Prices are in cents, quantities in lots.
 */
class GuardArithmeticPropertyTests {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final BigDecimal LOT = new BigDecimal("0.001");
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
    private static final MathContext EXACT = MathContext.DECIMAL128;
    /** One unit of the published rounding: the evaluator divides at 16 digits before it rounds. */
    private static final BigDecimal LAST_DIGIT = new BigDecimal("0.0001");
    private static final GuardPolicy ALL = new GuardPolicy(true, true, true, true, GuardMode.ENFORCE);

    private final GuardEvaluator evaluator = new GuardEvaluator();

    record Case(OrderBook book, OrderIntent intent, Thresholds thresholds) {
    }

    @Property(tries = 2000)
    void spreadIsTheDistanceBetweenTheBestPricesOverMid(@ForAll("cases") Case c) {
        GuardFinding spread = finding(c, GuardReason.SPREAD);
        BigDecimal bid = c.book().bids().stream().map(BookLevel::price).max(Comparator.naturalOrder()).orElseThrow();
        BigDecimal ask = c.book().asks().stream().map(BookLevel::price).min(Comparator.naturalOrder()).orElseThrow();
        BigDecimal mid = bid.add(ask).divide(BigDecimal.TWO, EXACT);
        BigDecimal expected = ask.subtract(bid).multiply(TEN_THOUSAND).divide(mid, EXACT).setScale(4, RoundingMode.HALF_UP);

        assertThat(spread.observed()).isEqualByComparingTo(expected);
        assertThat(spread.passed()).isEqualTo(expected.compareTo(c.thresholds().maxSpreadBps()) <= 0);
    }

    @Property(tries = 2000)
    void depthCountsEveryLevelWithinTheBandAroundMid(@ForAll("cases") Case c) {
        GuardFinding depth = finding(c, GuardReason.DEPTH);
        BigDecimal mid = mid(c.book());
        BigDecimal offset = mid.multiply(c.thresholds().depthBandBps()).divide(TEN_THOUSAND, EXACT);
        boolean buy = c.intent().side() == Side.BUY;
        BigDecimal inBand = BigDecimal.ZERO;
        BigDecimal whole = BigDecimal.ZERO;
        for (BookLevel level : side(c)) {
            whole = whole.add(level.quantity());
            BigDecimal distance = buy ? level.price().subtract(mid) : mid.subtract(level.price());
            if (distance.compareTo(offset) <= 0) {
                inBand = inBand.add(level.quantity());
            }
        }
        BigDecimal multiple = inBand.divide(c.intent().quantity(), 4, RoundingMode.DOWN);

        assertThat(depth.observed()).isEqualByComparingTo(multiple);
        assertThat(depth.passed()).isEqualTo(whole.compareTo(c.intent().quantity()) >= 0
                && multiple.compareTo(c.thresholds().depthMultiple()) >= 0);
    }

    @Property(tries = 2000)
    void slippageIsTheLotByLotWalkAgainstTheReference(@ForAll("cases") Case c) {
        GuardFinding slippage = finding(c, GuardReason.SLIPPAGE);
        boolean buy = c.intent().side() == Side.BUY;
        BigDecimal limit = c.intent().type() == OrderType.LIMIT ? c.intent().price() : null;
        List<BigDecimal> lots = new ArrayList<>();
        for (BookLevel level : side(c)) {
            for (int i = 0; i < level.quantity().divide(LOT).intValueExact(); i++) {
                lots.add(level.price());
            }
        }
        lots.sort(buy ? Comparator.naturalOrder() : Comparator.reverseOrder());
        int wanted = c.intent().quantity().divide(LOT).intValueExact();
        BigDecimal notional = BigDecimal.ZERO;
        int taken = 0;
        for (BigDecimal price : lots) {
            if (taken == wanted || limit != null && (buy ? price.compareTo(limit) > 0 : price.compareTo(limit) < 0)) {
                break;
            }
            notional = notional.add(price.multiply(LOT));
            taken++;
        }
        BigDecimal reference = c.intent().referencePrice() != null ? c.intent().referencePrice() : mid(c.book());
        if (taken < wanted && limit == null) {
            assertThat(slippage.passed()).as("a market order the book cannot fill").isFalse();
            return;
        }
        notional = notional.add(LOT.multiply(BigDecimal.valueOf(wanted - taken)).multiply(limit == null ? BigDecimal.ZERO : limit));
        BigDecimal vwap = notional.divide(c.intent().quantity(), EXACT);
        BigDecimal cost = (buy ? vwap.subtract(reference) : reference.subtract(vwap)).multiply(TEN_THOUSAND).divide(reference, EXACT);
        BigDecimal expected = cost.setScale(4, RoundingMode.HALF_UP);

        assertThat(slippage.observed()).isCloseTo(expected, org.assertj.core.api.Assertions.within(LAST_DIGIT));
        if (expected.subtract(c.thresholds().maxSlippageBps()).abs().compareTo(LAST_DIGIT) > 0) {
            assertThat(slippage.passed()).isEqualTo(expected.compareTo(c.thresholds().maxSlippageBps()) <= 0);
        }
    }

    @Property(tries = 500)
    void aCrossedBookIsNeverAllowed(@ForAll("cases") Case c, @ForAll("cents") int crossing) {
        BookLevel best = c.book().bestAsk().orElseThrow();
        List<BookLevel> bids = new ArrayList<>(c.book().bids());
        bids.add(new BookLevel(best.price().add(BigDecimal.valueOf(crossing, 2)), LOT));
        OrderBook crossed = new OrderBook("BTCUSDT", bids, c.book().asks(), NOW, 1);

        Evaluation evaluation = evaluator.evaluate(c.intent(), crossed, c.thresholds(), ALL, NOW);

        assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(evaluation.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.MARKET_DATA_UNAVAILABLE);
    }

    private GuardFinding finding(Case c, GuardReason reason) {
        Evaluation evaluation = evaluator.evaluate(c.intent(), c.book(), c.thresholds(), ALL, NOW);
        assertThat(evaluation.outcome()).isEqualTo(evaluation.findings().stream().allMatch(GuardFinding::passed)
                ? GuardOutcome.ALLOW : GuardOutcome.BLOCK);
        return evaluation.findings().stream().filter(f -> f.reason() == reason).findFirst().orElseThrow();
    }

    private static List<BookLevel> side(Case c) {
        return c.intent().side() == Side.BUY ? c.book().asks() : c.book().bids();
    }

    private static BigDecimal mid(OrderBook book) {
        BigDecimal bid = book.bids().stream().map(BookLevel::price).max(Comparator.naturalOrder()).orElseThrow();
        BigDecimal ask = book.asks().stream().map(BookLevel::price).min(Comparator.naturalOrder()).orElseThrow();
        return bid.add(ask).divide(BigDecimal.TWO, EXACT);
    }

    @Provide
    Arbitrary<Integer> cents() {
        return Arbitraries.integers().between(1, 500);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> touch = Arbitraries.integers().between(1_000, 5_000_000);
        Arbitrary<Integer> gap = Arbitraries.integers().between(0, 300);
        Arbitrary<List<Integer>> offsets = Arbitraries.integers().between(0, 2_000).set().ofMinSize(1).ofMaxSize(8)
                .map(set -> set.stream().sorted().toList());
        Arbitrary<List<Integer>> quantities = Arbitraries.integers().between(1, 150).list().ofSize(8);
        Arbitrary<OrderBook> books = Combinators.combine(touch, gap, offsets, offsets, quantities, quantities)
                .as((bidCents, gapCents, bidOffsets, askOffsets, bidLots, askLots) -> {
                    List<BookLevel> bids = new ArrayList<>();
                    for (int i = 0; i < bidOffsets.size(); i++) {
                        bids.add(new BookLevel(BigDecimal.valueOf(Math.max(1, bidCents - bidOffsets.get(i)), 2), BigDecimal.valueOf(bidLots.get(i), 3)));
                    }
                    List<BookLevel> asks = new ArrayList<>();
                    for (int i = 0; i < askOffsets.size(); i++) {
                        asks.add(new BookLevel(BigDecimal.valueOf(bidCents + gapCents + askOffsets.get(i), 2), BigDecimal.valueOf(askLots.get(i), 3)));
                    }
                    return new OrderBook("BTCUSDT", bids, asks, NOW.minusMillis(10), 1);
                })
                .filter(book -> book.bids().stream().map(BookLevel::price).distinct().count() == book.bids().size());
        Arbitrary<Thresholds> thresholds = Combinators.combine(
                Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(0, 600), Arbitraries.integers().between(0, 50))
                .as((slippage, spread, band, multiple) -> new Thresholds(BigDecimal.valueOf(slippage), BigDecimal.valueOf(spread),
                        BigDecimal.valueOf(band), BigDecimal.valueOf(multiple, 1), 1_000));
        return Combinators.combine(books, Arbitraries.of(Side.class), Arbitraries.of(OrderType.MARKET, OrderType.LIMIT),
                Arbitraries.integers().between(1, 900), Arbitraries.integers().between(-2_000, 2_000),
                Arbitraries.integers().between(-3_000, 3_000).injectNull(0.4), thresholds)
                .as((book, side, type, lots, limitOffset, referenceOffset, limits) -> {
                    BigDecimal touchPrice = (side == Side.BUY ? book.bestAsk() : book.bestBid()).orElseThrow().price();
                    BigDecimal limit = type == OrderType.LIMIT
                            ? touchPrice.add(BigDecimal.valueOf(limitOffset, 2)).max(new BigDecimal("0.01")) : null;
                    BigDecimal reference = referenceOffset == null ? null
                            : touchPrice.add(BigDecimal.valueOf(referenceOffset, 2)).max(new BigDecimal("0.01"));
                    OrderIntent intent = new OrderIntent("p:1", "BTCUSDT", side, type, BigDecimal.valueOf(lots, 3), limit,
                            type == OrderType.LIMIT ? TimeInForce.GTC : null, Intent.ENTRY, reference, "s1", null, NOW);
                    return new Case(book, intent, limits);
                });
    }
}
