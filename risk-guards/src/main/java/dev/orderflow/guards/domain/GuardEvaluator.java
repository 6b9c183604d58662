package dev.orderflow.guards.domain;

import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entry guards' arithmetic on one book snapshot. Pure: no clock, no I/O, no configuration
 * lookups; the caller passes the policy, the thresholds and "now".
 *
 * <p>Order of the checks (the order findings appear in, and the order first-fail mode stops in):
 * book sanity (a crossed book is unusable data), STALE_BOOK, SPREAD, DEPTH, SLIPPAGE. The cheap
 * checks come first so that first-fail mode does the least work on a bad book.
 *
 * <p>Observed values are rounded to {@value #SCALE} decimal places (bps half-up, depth multiples down)
 * and the comparison with the threshold uses the rounded value, so the published numbers explain
 * the decision exactly.
 */
public final class GuardEvaluator {

    /** Decimal places of observed bps values and depth multiples. */
    public static final int SCALE = 4;
    public static final String BPS = "bps";
    public static final String MS = "ms";
    public static final String MULTIPLE = "x";

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    /** Evaluates an intent against a book. Exits are allowed without looking at the book. */
    public Evaluation evaluate(OrderIntent intent, OrderBook book, Thresholds thresholds, GuardPolicy policy, Instant now) {
        if (intent.intent() == Intent.EXIT) {
            return exitBypass();
        }
        if (!policy.anyGuard()) {
            return unguarded();
        }
        if (book.isCrossed()) {
            return unavailable(policy, "crossed book: best bid " + book.bestBid().orElseThrow().price().toPlainString()
                    + " above best ask " + book.bestAsk().orElseThrow().price().toPlainString());
        }
        List<GuardFinding> findings = new ArrayList<>(4);
        // Short-circuit: in first-fail mode add(..) answers true at the first failure and the rest is skipped.
        boolean stopped = add(findings, staleBook(book, thresholds, now), policy)
                || policy.spread() && add(findings, spread(book, thresholds), policy)
                || policy.depth() && add(findings, depth(intent, book, thresholds), policy)
                || policy.slippage() && add(findings, slippage(intent, book, thresholds), policy);
        assert !stopped || !policy.consolidated();
        Evaluation decided = outcome(findings, policy);
        return new Evaluation(decided.outcome(), decided.findings(), expectedPrice(intent, book).orElse(null));
    }

    /**
     * The average price the book promises for the order's quantity: the side it takes from walked best
     * first, a limit order only up to its limit with its remainder priced at the limit. Empty when a
     * market order is larger than the side (no price can be promised) or the order has no quantity.
     */
    public Optional<BigDecimal> expectedPrice(OrderIntent intent, OrderBook book) {
        Walk walk = walk(intent, book);
        if (intent.quantity().signum() <= 0 || walk.remaining().signum() > 0 && walk.limit() == null) {
            return Optional.empty();
        }
        return Optional.of(walk.notionalWithRemainderAtLimit().divide(intent.quantity(), MC).stripTrailingZeros());
    }

    /** The book walked for an order: what it fills, at which notional, and what is left. */
    private record Walk(BigDecimal notional, BigDecimal remaining, int levelsUsed, BigDecimal limit) {

        BigDecimal notionalWithRemainderAtLimit() {
            return remaining.signum() > 0 && limit != null ? notional.add(remaining.multiply(limit)) : notional;
        }
    }

    private static Walk walk(OrderIntent intent, OrderBook book) {
        boolean buy = intent.side() == Side.BUY;
        BigDecimal limit = intent.type() == OrderType.LIMIT && intent.price() != null && intent.price().signum() > 0 ? intent.price() : null;
        BigDecimal remaining = intent.quantity();
        BigDecimal notional = BigDecimal.ZERO;
        int levelsUsed = 0;
        for (BookLevel level : book.liquidityFor(intent.side())) {
            if (remaining.signum() <= 0) {
                break;
            }
            if (limit != null && (buy ? level.price().compareTo(limit) > 0 : level.price().compareTo(limit) < 0)) {
                break;
            }
            BigDecimal take = remaining.min(level.quantity());
            notional = notional.add(take.multiply(level.price()));
            remaining = remaining.subtract(take);
            levelsUsed++;
        }
        return new Walk(notional, remaining, levelsUsed, limit);
    }

    /** No usable market data: never an ALLOW. */
    public Evaluation unavailable(GuardPolicy policy, String detail) {
        GuardFinding finding = new GuardFinding(GuardReason.MARKET_DATA_UNAVAILABLE, false, null, null, null, null, detail);
        return outcome(List.of(finding), policy);
    }

    /** No guard is enabled: the entry is allowed without findings and without a book. */
    public Evaluation unguarded() {
        return new Evaluation(GuardOutcome.ALLOW, List.of());
    }

    public Evaluation exitBypass() {
        return new Evaluation(GuardOutcome.ALLOW, List.of(new GuardFinding(GuardReason.EXIT_BYPASS, true, null, null, null, null,
                "exits are never blocked by entry guards")));
    }

    /** Adds the finding; true when evaluation should stop here (a failure in first-fail mode). */
    private static boolean add(List<GuardFinding> findings, GuardFinding finding, GuardPolicy policy) {
        findings.add(finding);
        return !finding.passed() && !policy.consolidated();
    }

    private static Evaluation outcome(List<GuardFinding> findings, GuardPolicy policy) {
        boolean failed = findings.stream().anyMatch(f -> !f.passed());
        GuardOutcome outcome = !failed ? GuardOutcome.ALLOW
                : policy.mode() == GuardMode.SHADOW ? GuardOutcome.SHADOW_BLOCK : GuardOutcome.BLOCK;
        return new Evaluation(outcome, findings);
    }

    /** STALE_BOOK: the book has not changed for longer than the limit. */
    GuardFinding staleBook(OrderBook book, Thresholds thresholds, Instant now) {
        long ageMs = Math.max(0, Duration.between(book.time(), now).toMillis());
        boolean passed = ageMs <= thresholds.maxBookAgeMs();
        return new GuardFinding(GuardReason.STALE_BOOK, passed, BigDecimal.valueOf(ageMs),
                BigDecimal.valueOf(thresholds.maxBookAgeMs()), MS, null,
                passed ? null : "book unchanged since " + book.time() + " (update id " + book.lastUpdateId() + ")");
    }

    /** SPREAD: (ask - bid) / mid in bps. */
    GuardFinding spread(OrderBook book, Thresholds thresholds) {
        if (book.bids().isEmpty() || book.asks().isEmpty()) {
            return new GuardFinding(GuardReason.SPREAD, false, null, thresholds.maxSpreadBps(), BPS, 0,
                    (book.bids().isEmpty() ? "bid" : "ask") + " side is empty: no spread");
        }
        BigDecimal bid = book.bids().getFirst().price();
        BigDecimal ask = book.asks().getFirst().price();
        BigDecimal mid = book.mid().orElseThrow();
        BigDecimal bps = bps(ask.subtract(bid), mid);
        boolean passed = bps.compareTo(thresholds.maxSpreadBps()) <= 0;
        return new GuardFinding(GuardReason.SPREAD, passed, bps, thresholds.maxSpreadBps(), BPS, 1,
                "bid " + bid.toPlainString() + " ask " + ask.toPlainString());
    }

    /**
     * DEPTH: quantity on the side the order takes from, priced within the band around mid, as a
     * multiple of the order quantity. Fails below the multiple, and whenever the whole side holds
     * less than the order.
     */
    GuardFinding depth(OrderIntent intent, OrderBook book, Thresholds thresholds) {
        List<BookLevel> levels = book.liquidityFor(intent.side());
        BigDecimal quantity = intent.quantity();
        if (book.mid().isEmpty()) {
            return new GuardFinding(GuardReason.DEPTH, false, BigDecimal.ZERO.setScale(SCALE), thresholds.depthMultiple(), MULTIPLE, 0,
                    (book.bids().isEmpty() ? "bid" : "ask") + " side is empty: no mid to measure depth from");
        }
        BigDecimal mid = book.mid().get();
        BigDecimal offset = mid.multiply(thresholds.depthBandBps(), MC).divide(TEN_THOUSAND, MC);
        BigDecimal edge = intent.side() == Side.BUY ? mid.add(offset) : mid.subtract(offset);
        BigDecimal inBand = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        int levelsInBand = 0;
        boolean buy = intent.side() == Side.BUY;
        for (BookLevel level : levels) { // best first: the band is a prefix of the side
            boolean within = buy ? level.price().compareTo(edge) <= 0 : level.price().compareTo(edge) >= 0;
            if (!within && total.compareTo(quantity) >= 0) {
                break; // past the band and the side is known to hold the order
            }
            total = total.add(level.quantity());
            if (within) {
                inBand = inBand.add(level.quantity());
                levelsInBand++;
            }
        }
        String where = inBand.toPlainString() + " within " + thresholds.depthBandBps().toPlainString() + " bps of mid "
                + mid.toPlainString() + " (band edge " + edge.round(new MathContext(12)).stripTrailingZeros().toPlainString()
                + ") for order of " + quantity.toPlainString();
        if (quantity.signum() == 0) {
            return new GuardFinding(GuardReason.DEPTH, true, null, thresholds.depthMultiple(), MULTIPLE, levelsInBand, "zero quantity; " + where);
        }
        BigDecimal multiple = inBand.divide(quantity, SCALE, RoundingMode.DOWN);
        if (total.compareTo(quantity) < 0) {
            return new GuardFinding(GuardReason.DEPTH, false, multiple, thresholds.depthMultiple(), MULTIPLE, levelsInBand,
                    "book cannot fill the order: whole side holds " + total.toPlainString() + "; " + where);
        }
        boolean passed = multiple.compareTo(thresholds.depthMultiple()) >= 0;
        return new GuardFinding(GuardReason.DEPTH, passed, multiple, thresholds.depthMultiple(), MULTIPLE, levelsInBand, where);
    }

    /**
     * SLIPPAGE: walks the side the order takes from for the order quantity and compares the
     * expected VWAP with the reference price (the intent's, or mid). A limit order takes only levels
     * up to its limit price and its remainder is priced at the limit (the worst it can get); a market
     * order the book cannot fill fails.
     */
    GuardFinding slippage(OrderIntent intent, OrderBook book, Thresholds thresholds) {
        boolean buy = intent.side() == Side.BUY;
        BigDecimal reference;
        String referenceName;
        if (intent.referencePrice() != null && intent.referencePrice().signum() > 0) {
            reference = intent.referencePrice();
            referenceName = "reference price";
        } else if (book.mid().isPresent()) {
            reference = book.mid().get();
            referenceName = "mid";
        } else {
            return new GuardFinding(GuardReason.SLIPPAGE, false, null, thresholds.maxSlippageBps(), BPS, 0,
                    (book.bids().isEmpty() ? "bid" : "ask") + " side is empty and the intent has no reference price");
        }
        Walk walk = walk(intent, book);
        BigDecimal limit = walk.limit();
        BigDecimal remaining = walk.remaining();
        BigDecimal notional = walk.notional();
        int levelsUsed = walk.levelsUsed();
        BigDecimal filled = intent.quantity().subtract(remaining);
        if (remaining.signum() > 0 && limit == null) {
            BigDecimal partial = filled.signum() > 0 ? signedBps(notional.divide(filled, MC), reference, buy) : null;
            return new GuardFinding(GuardReason.SLIPPAGE, false, partial, thresholds.maxSlippageBps(), BPS, levelsUsed,
                    "book holds only " + filled.toPlainString() + " of " + intent.quantity().toPlainString()
                            + (partial == null ? "" : "; VWAP of that part vs " + referenceName + " " + reference.toPlainString()));
        }
        String rest = "";
        if (remaining.signum() > 0) {
            notional = notional.add(remaining.multiply(limit));
            rest = "; " + remaining.toPlainString() + " rests at limit " + limit.toPlainString();
        }
        if (intent.quantity().signum() == 0) {
            BookLevel best = book.liquidityFor(intent.side()).isEmpty() ? null : book.liquidityFor(intent.side()).getFirst();
            if (best == null) {
                return new GuardFinding(GuardReason.SLIPPAGE, false, null, thresholds.maxSlippageBps(), BPS, 0, "side is empty");
            }
            notional = best.price();
            filled = BigDecimal.ONE;
        }
        BigDecimal vwap = notional.divide(intent.quantity().signum() == 0 ? filled : intent.quantity(), MC);
        BigDecimal bps = signedBps(vwap, reference, buy);
        boolean passed = bps.compareTo(thresholds.maxSlippageBps()) <= 0;
        return new GuardFinding(GuardReason.SLIPPAGE, passed, bps, thresholds.maxSlippageBps(), BPS, levelsUsed,
                "VWAP " + vwap.stripTrailingZeros().toPlainString() + " vs " + referenceName + " " + reference.toPlainString() + rest);
    }

    /** Cost in bps: positive when the fill is worse than the reference (above it for a buy, below for a sell). */
    private static BigDecimal signedBps(BigDecimal vwap, BigDecimal reference, boolean buy) {
        BigDecimal diff = buy ? vwap.subtract(reference) : reference.subtract(vwap);
        return bps(diff, reference);
    }

    private static BigDecimal bps(BigDecimal amount, BigDecimal base) {
        return amount.multiply(TEN_THOUSAND).divide(base, MC).setScale(SCALE, RoundingMode.HALF_UP);
    }
}
