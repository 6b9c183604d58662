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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The guard arithmetic on hand-built books. The reference book has mid 100.00 and a 10 bps spread:
 * bids 99.95 x1, 99.90 x2, 99.80 x5 and asks 100.05 x1, 100.10 x2, 100.20 x5.
 */
class GuardEvaluatorTests {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Thresholds LIMITS = new Thresholds(new BigDecimal("20"), new BigDecimal("15"), new BigDecimal("25"),
            new BigDecimal("2"), 1000);
    static final GuardPolicy ALL_CONSOLIDATED = new GuardPolicy(true, true, true, true, GuardMode.ENFORCE);
    static final GuardPolicy ALL_FIRST_FAIL = new GuardPolicy(true, true, true, false, GuardMode.ENFORCE);

    final GuardEvaluator evaluator = new GuardEvaluator();

    static OrderBook book(List<BookLevel> bids, List<BookLevel> asks) {
        return new OrderBook("BTCUSDT", bids, asks, NOW.minusMillis(100), 42);
    }

    static OrderBook reference() {
        return book(List.of(BookLevel.of("99.95", "1"), BookLevel.of("99.90", "2"), BookLevel.of("99.80", "5")),
                List.of(BookLevel.of("100.05", "1"), BookLevel.of("100.10", "2"), BookLevel.of("100.20", "5")));
    }

    static OrderIntent market(Side side, String quantity) {
        return intent(side, OrderType.MARKET, quantity, null, null);
    }

    static OrderIntent intent(Side side, OrderType type, String quantity, String price, String referencePrice) {
        return new OrderIntent("s1:0001", "BTCUSDT", side, type, new BigDecimal(quantity),
                price == null ? null : new BigDecimal(price), type == OrderType.LIMIT ? TimeInForce.GTC : null, Intent.ENTRY,
                referencePrice == null ? null : new BigDecimal(referencePrice), "s1", null, NOW);
    }

    static GuardFinding finding(Evaluation evaluation, GuardReason reason) {
        return evaluation.findings().stream().filter(f -> f.reason() == reason).findFirst().orElseThrow();
    }

    @Nested
    class Book {

        @Test
        void levelsAreSortedBestFirstAndEmptyLevelsDropped() {
            OrderBook book = book(List.of(BookLevel.of("99.80", "5"), BookLevel.of("99.95", "1"), BookLevel.of("99.90", "0")),
                    List.of(BookLevel.of("100.20", "5"), BookLevel.of("100.05", "1")));

            assertThat(book.bids()).extracting(BookLevel::price).containsExactly(new BigDecimal("99.95"), new BigDecimal("99.80"));
            assertThat(book.asks()).extracting(BookLevel::price).containsExactly(new BigDecimal("100.05"), new BigDecimal("100.20"));
            assertThat(book.mid()).contains(new BigDecimal("100.00"));
        }

        @Test
        void crossedOnlyWhenBidAboveAsk() {
            assertThat(book(List.of(BookLevel.of("100", "1")), List.of(BookLevel.of("100", "1"))).isCrossed()).isFalse();
            assertThat(book(List.of(BookLevel.of("100.01", "1")), List.of(BookLevel.of("100", "1"))).isCrossed()).isTrue();
            assertThat(book(List.of(), List.of(BookLevel.of("100", "1"))).isCrossed()).isFalse();
        }
    }

    @Nested
    class Spread {

        @Test
        void exactBasisPoints() {
            GuardFinding spread = evaluator.spread(reference(), LIMITS);

            assertThat(spread.observed()).isEqualByComparingTo("10");
            assertThat(spread.observed().toPlainString()).isEqualTo("10.0000");
            assertThat(spread.threshold()).isEqualByComparingTo("15");
            assertThat(spread.unit()).isEqualTo("bps");
            assertThat(spread.levelsUsed()).isEqualTo(1);
            assertThat(spread.passed()).isTrue();
            assertThat(spread.detail()).isEqualTo("bid 99.95 ask 100.05");
        }

        @Test
        void wideSpreadFails() {
            OrderBook wide = book(List.of(BookLevel.of("99", "10")), List.of(BookLevel.of("101", "10")));

            GuardFinding spread = evaluator.spread(wide, LIMITS);

            assertThat(spread.observed()).isEqualByComparingTo("200");
            assertThat(spread.passed()).isFalse();
        }

        @Test
        void atTheThresholdPasses() {
            // 99.925 / 100.075: spread 0.15 on mid 100 = 15 bps exactly
            OrderBook atLimit = book(List.of(BookLevel.of("99.925", "1")), List.of(BookLevel.of("100.075", "1")));

            assertThat(evaluator.spread(atLimit, LIMITS).passed()).isTrue();
            assertThat(evaluator.spread(atLimit, LIMITS).observed()).isEqualByComparingTo("15");
        }

        @Test
        void lockedBookHasZeroSpread() {
            OrderBook locked = book(List.of(BookLevel.of("100", "1")), List.of(BookLevel.of("100", "1")));

            assertThat(evaluator.spread(locked, LIMITS).observed()).isEqualByComparingTo("0");
            assertThat(evaluator.spread(locked, LIMITS).passed()).isTrue();
        }

        @Test
        void emptySideFailsWithoutANumber() {
            OrderBook noAsks = book(reference().bids(), List.of());

            GuardFinding spread = evaluator.spread(noAsks, LIMITS);

            assertThat(spread.passed()).isFalse();
            assertThat(spread.observed()).isNull();
            assertThat(spread.detail()).contains("ask side is empty");
        }
    }

    @Nested
    class ExpectedPrice {

        @Test
        void marketBuyWalksTheAsksToItsAveragePrice() {
            // (1 x 100.05 + 2 x 100.10) / 3 = 100.0833..
            assertThat(evaluator.expectedPrice(market(Side.BUY, "3"), reference())).get()
                    .satisfies(p -> assertThat(p.toPlainString()).startsWith("100.08333"));
        }

        @Test
        void marketSellWalksTheBids() {
            assertThat(evaluator.expectedPrice(market(Side.SELL, "1"), reference())).get()
                    .satisfies(p -> assertThat(p).isEqualByComparingTo("99.95"));
        }

        @Test
        void limitOrderRemainderIsPricedAtItsLimit() {
            // 1 at 100.05, the other 1 rests at the limit 100.06
            assertThat(evaluator.expectedPrice(intent(Side.BUY, OrderType.LIMIT, "2", "100.06", null), reference())).get()
                    .satisfies(p -> assertThat(p).isEqualByComparingTo("100.055"));
        }

        @Test
        void marketOrderLargerThanTheBookHasNone() {
            assertThat(evaluator.expectedPrice(market(Side.BUY, "9"), reference())).isEmpty();
        }

        @Test
        void allowedEntryCarriesItAndAnExitDoesNot() {
            Evaluation allowed = evaluator.evaluate(market(Side.BUY, "1"), reference(), LIMITS, ALL_CONSOLIDATED, NOW);
            assertThat(allowed.outcome()).isEqualTo(GuardOutcome.ALLOW);
            assertThat(allowed.expectedPrice()).isEqualByComparingTo("100.05");
            assertThat(evaluator.exitBypass().expectedPrice()).isNull();
        }
    }

    @Nested
    class Slippage {

        @Test
        void oneLevelAgainstMid() {
            GuardFinding slippage = evaluator.slippage(market(Side.BUY, "1"), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("5.0000");
            assertThat(slippage.levelsUsed()).isEqualTo(1);
            assertThat(slippage.passed()).isTrue();
            assertThat(slippage.detail()).isEqualTo("VWAP 100.05 vs mid 100.00");
        }

        @Test
        void walksLevelsToTheVwap() {
            // (1 x 100.05 + 2 x 100.10) / 3 = 100.08333.. -> 8.3333 bps over mid
            GuardFinding slippage = evaluator.slippage(market(Side.BUY, "3"), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("8.3333");
            assertThat(slippage.levelsUsed()).isEqualTo(2);
        }

        @Test
        void wholeBookVwap() {
            // (100.05 + 200.20 + 501.00) / 8 = 100.15625 -> 15.625 bps
            GuardFinding slippage = evaluator.slippage(market(Side.BUY, "8"), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("15.6250");
            assertThat(slippage.levelsUsed()).isEqualTo(3);
            assertThat(slippage.passed()).isTrue();
        }

        @Test
        void sellWalksTheBids() {
            // (99.95 + 2 x 99.90) / 3 = 99.91666.. -> 8.3333 bps under mid
            GuardFinding slippage = evaluator.slippage(market(Side.SELL, "3"), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("8.3333");
        }

        @Test
        void aboveTheMaximumFails() {
            Thresholds tight = new Thresholds(new BigDecimal("8"), LIMITS.maxSpreadBps(), LIMITS.depthBandBps(), LIMITS.depthMultiple(), 1000);

            GuardFinding slippage = evaluator.slippage(market(Side.BUY, "3"), reference(), tight);

            assertThat(slippage.passed()).isFalse();
            assertThat(slippage.threshold()).isEqualByComparingTo("8");
        }

        @Test
        void referencePriceReplacesMidAndFavourableFillsAreNegative() {
            // VWAP 100.05 vs reference 100.10: 0.05 better -> -4.995 bps
            GuardFinding slippage = evaluator.slippage(intent(Side.BUY, OrderType.MARKET, "1", null, "100.10"), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("-4.9950");
            assertThat(slippage.detail()).contains("reference price 100.10");
            assertThat(slippage.passed()).isTrue();
        }

        @Test
        void marketOrderLargerThanTheBookFails() {
            GuardFinding slippage = evaluator.slippage(market(Side.BUY, "9"), reference(), LIMITS);

            assertThat(slippage.passed()).isFalse();
            assertThat(slippage.levelsUsed()).isEqualTo(3);
            assertThat(slippage.observed().toPlainString()).isEqualTo("15.6250");
            assertThat(slippage.detail()).startsWith("book holds only 8 of 9");
        }

        @Test
        void limitOrderTakesLevelsUpToItsPriceAndRestsTheRemainderAtIt() {
            // 1 x 100.05 + 2 x 100.10 taken, 6 rest at 100.10: 900.85 / 9 = 100.09444.. -> 9.4444 bps
            GuardFinding slippage = evaluator.slippage(intent(Side.BUY, OrderType.LIMIT, "9", "100.10", null), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("9.4444");
            assertThat(slippage.levelsUsed()).isEqualTo(2);
            assertThat(slippage.passed()).isTrue();
            assertThat(slippage.detail()).contains("6 rests at limit 100.10");
        }

        @Test
        void passiveLimitOrderCostsNothingBeyondItsPrice() {
            // a bid at 99.99 takes nothing; it can only fill at 99.99, 1 bp under mid
            GuardFinding slippage = evaluator.slippage(intent(Side.BUY, OrderType.LIMIT, "1", "99.99", null), reference(), LIMITS);

            assertThat(slippage.observed().toPlainString()).isEqualTo("-1.0000");
            assertThat(slippage.levelsUsed()).isZero();
        }

        @Test
        void emptySideWithoutReferenceFails() {
            GuardFinding slippage = evaluator.slippage(market(Side.BUY, "1"), book(reference().bids(), List.of()), LIMITS);

            assertThat(slippage.passed()).isFalse();
            assertThat(slippage.observed()).isNull();
            assertThat(slippage.detail()).contains("ask side is empty");
        }

        @Test
        void emptySideWithReferenceFailsAsUnfillable() {
            GuardFinding slippage = evaluator.slippage(intent(Side.BUY, OrderType.MARKET, "1", null, "100"),
                    book(reference().bids(), List.of()), LIMITS);

            assertThat(slippage.passed()).isFalse();
            assertThat(slippage.detail()).startsWith("book holds only 0 of 1");
        }
    }

    @Nested
    class Depth {

        @Test
        void multipleWithinTheBand() {
            // band 25 bps: edge 100.25, all 8 asks count; 8 / 3 = 2.6666 (rounded down)
            GuardFinding depth = evaluator.depth(market(Side.BUY, "3"), reference(), LIMITS);

            assertThat(depth.observed().toPlainString()).isEqualTo("2.6666");
            assertThat(depth.threshold()).isEqualByComparingTo("2");
            assertThat(depth.unit()).isEqualTo("x");
            assertThat(depth.levelsUsed()).isEqualTo(3);
            assertThat(depth.passed()).isTrue();
        }

        @Test
        void narrowBandCountsOnlyNearLevels() {
            // band 10 bps: edge 100.10, asks 100.05 x1 and 100.10 x2 count: 3 for an order of 2 -> 1.5x
            Thresholds narrow = new Thresholds(LIMITS.maxSlippageBps(), LIMITS.maxSpreadBps(), new BigDecimal("10"), LIMITS.depthMultiple(), 1000);

            GuardFinding depth = evaluator.depth(market(Side.BUY, "2"), reference(), narrow);

            assertThat(depth.observed().toPlainString()).isEqualTo("1.5000");
            assertThat(depth.levelsUsed()).isEqualTo(2);
            assertThat(depth.passed()).isFalse();
            assertThat(depth.detail()).contains("3 within 10 bps of mid 100.00 (band edge 100.1)");
        }

        @Test
        void sellCountsBidsBelowMid() {
            // band 10 bps: edge 99.90, bids 99.95 x1 and 99.90 x2 count: 3 / 1 = 3x
            Thresholds narrow = new Thresholds(LIMITS.maxSlippageBps(), LIMITS.maxSpreadBps(), new BigDecimal("10"), LIMITS.depthMultiple(), 1000);

            GuardFinding depth = evaluator.depth(market(Side.SELL, "1"), reference(), narrow);

            assertThat(depth.observed().toPlainString()).isEqualTo("3.0000");
            assertThat(depth.passed()).isTrue();
        }

        @Test
        void orderLargerThanTheBookFails() {
            GuardFinding depth = evaluator.depth(market(Side.BUY, "9"), reference(), LIMITS);

            assertThat(depth.passed()).isFalse();
            assertThat(depth.detail()).startsWith("book cannot fill the order: whole side holds 8");
        }

        @Test
        void emptySideFails() {
            GuardFinding depth = evaluator.depth(market(Side.SELL, "1"), book(List.of(), reference().asks()), LIMITS);

            assertThat(depth.passed()).isFalse();
            assertThat(depth.observed()).isEqualByComparingTo("0");
            assertThat(depth.detail()).contains("bid side is empty");
        }
    }

    @Nested
    class StaleBook {

        @Test
        void ageWithinLimitPasses() {
            GuardFinding stale = evaluator.staleBook(reference(), LIMITS, NOW);

            assertThat(stale.observed()).isEqualByComparingTo("100");
            assertThat(stale.threshold()).isEqualByComparingTo("1000");
            assertThat(stale.unit()).isEqualTo("ms");
            assertThat(stale.passed()).isTrue();
        }

        @Test
        void olderThanLimitFails() {
            GuardFinding stale = evaluator.staleBook(reference().withTime(NOW.minusMillis(1500)), LIMITS, NOW);

            assertThat(stale.observed()).isEqualByComparingTo("1500");
            assertThat(stale.passed()).isFalse();
            assertThat(stale.detail()).contains("update id 42");
        }
    }

    @Nested
    class Decisions {

        /** Wide spread (200 bps) and thin book: spread, depth and slippage all fail for a buy of 3. */
        OrderBook bad() {
            return book(List.of(BookLevel.of("99", "1")), List.of(BookLevel.of("101", "1"), BookLevel.of("103", "2")));
        }

        @Test
        void healthyBookAllowsWithEveryFindingPassed() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "1"), reference(), LIMITS, ALL_CONSOLIDATED, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.ALLOW);
            assertThat(evaluation.findings()).extracting(GuardFinding::reason)
                    .containsExactly(GuardReason.STALE_BOOK, GuardReason.SPREAD, GuardReason.DEPTH, GuardReason.SLIPPAGE);
            assertThat(evaluation.findings()).allMatch(GuardFinding::passed);
            assertThat(evaluation.primaryReason()).isEmpty();
        }

        @Test
        void consolidatedReportsEveryFailingReason() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "3"), bad(), LIMITS, ALL_CONSOLIDATED, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(evaluation.failedReasons()).containsExactly(GuardReason.SPREAD, GuardReason.DEPTH, GuardReason.SLIPPAGE);
            assertThat(evaluation.primaryReason()).contains(GuardReason.SPREAD);
        }

        @Test
        void firstFailStopsAtTheFirstBlock() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "3"), bad(), LIMITS, ALL_FIRST_FAIL, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(evaluation.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.STALE_BOOK, GuardReason.SPREAD);
            assertThat(evaluation.failedReasons()).containsExactly(GuardReason.SPREAD);
        }

        @Test
        void staleBookIsCheckedWhileAnyGuardIsOnAndComesFirst() {
            GuardPolicy spreadOnly = new GuardPolicy(false, true, false, false, GuardMode.ENFORCE);

            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "1"), reference().withTime(NOW.minusSeconds(5)), LIMITS, spreadOnly, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(evaluation.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.STALE_BOOK);
        }

        @Test
        void staleAndConsolidatedStillRunsTheOtherGuards() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "3"), bad().withTime(NOW.minusSeconds(5)), LIMITS, ALL_CONSOLIDATED, NOW);

            assertThat(evaluation.failedReasons())
                    .containsExactly(GuardReason.STALE_BOOK, GuardReason.SPREAD, GuardReason.DEPTH, GuardReason.SLIPPAGE);
        }

        @Test
        void onlyEnabledGuardsRun() {
            GuardPolicy slippageOnly = new GuardPolicy(true, false, false, true, GuardMode.ENFORCE);

            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "3"), bad(), LIMITS, slippageOnly, NOW);

            assertThat(evaluation.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.STALE_BOOK, GuardReason.SLIPPAGE);
            assertThat(evaluation.failedReasons()).containsExactly(GuardReason.SLIPPAGE);
        }

        @Test
        void shadowModeComputesEverythingAndLetsTheOrderThrough() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "3"), bad(), LIMITS, ALL_CONSOLIDATED.withMode(GuardMode.SHADOW), NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.SHADOW_BLOCK);
            assertThat(evaluation.failedReasons()).containsExactly(GuardReason.SPREAD, GuardReason.DEPTH, GuardReason.SLIPPAGE);
        }

        @Test
        void shadowModeAllowsWhatPasses() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "1"), reference(), LIMITS, ALL_CONSOLIDATED.withMode(GuardMode.SHADOW), NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.ALLOW);
        }

        @Test
        void crossedBookIsUnusableDataAndBlocks() {
            OrderBook crossed = book(List.of(BookLevel.of("100.10", "5")), List.of(BookLevel.of("100.00", "5")));

            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "1"), crossed, LIMITS, ALL_CONSOLIDATED, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(evaluation.findings()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(GuardReason.MARKET_DATA_UNAVAILABLE);
                assertThat(f.detail()).isEqualTo("crossed book: best bid 100.10 above best ask 100.00");
            });
        }

        @Test
        void emptySideBlocksOnEveryGuard() {
            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "1"), book(reference().bids(), List.of()), LIMITS, ALL_CONSOLIDATED, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(evaluation.failedReasons()).containsExactly(GuardReason.SPREAD, GuardReason.DEPTH, GuardReason.SLIPPAGE);
        }

        @Test
        void exitsBypassEvenOnABadBook() {
            OrderIntent exit = new OrderIntent("s1:0002", "BTCUSDT", Side.SELL, OrderType.MARKET, BigDecimal.TEN, null, null,
                    Intent.EXIT, null, "s1", null, NOW);

            Evaluation evaluation = evaluator.evaluate(exit, bad(), LIMITS, ALL_CONSOLIDATED, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.ALLOW);
            assertThat(evaluation.findings()).extracting(GuardFinding::reason).containsExactly(GuardReason.EXIT_BYPASS);
            assertThat(evaluation.primaryReason()).contains(GuardReason.EXIT_BYPASS);
        }

        @Test
        void noGuardEnabledAllowsWithoutFindings() {
            GuardPolicy none = new GuardPolicy(false, false, false, false, GuardMode.ENFORCE);

            Evaluation evaluation = evaluator.evaluate(market(Side.BUY, "3"), bad().withTime(NOW.minusSeconds(60)), LIMITS, none, NOW);

            assertThat(evaluation.outcome()).isEqualTo(GuardOutcome.ALLOW);
            assertThat(evaluation.findings()).isEmpty();
        }

        @Test
        void unavailableIsNeverAnAllow() {
            assertThat(evaluator.unavailable(ALL_CONSOLIDATED, "HTTP 503").outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(evaluator.unavailable(ALL_CONSOLIDATED.withMode(GuardMode.SHADOW), "HTTP 503").outcome())
                    .isEqualTo(GuardOutcome.SHADOW_BLOCK);
        }
    }
}
