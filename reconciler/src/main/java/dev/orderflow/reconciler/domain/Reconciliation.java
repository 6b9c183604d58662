package dev.orderflow.reconciler.domain;

import dev.orderflow.contracts.events.CommandType;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.ReconciliationFinding;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueTrade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares the gateway's orders (as seen on {@code orders.events}) with the exchange and decides what
 * to ask the gateway to do. Pure: no I/O, no clock; every input is a value.
 *
 * <p>Command ids are deterministic, so a redelivered run sends the same ids and the gateway (which
 * applies each command id once) never applies a command twice: {@code APPLY_FILL} is keyed by the
 * exchange trade (the same fill is never applied twice, whichever run finds it), the other commands
 * by run, order and kind (a later run may ask again; repeats are harmless in the gateway's state machine).
 */
public final class Reconciliation {

    /** Client order ids the contracts accept; foreign orders with other ids cannot be adopted. */
    static final Pattern CLIENT_ORDER_ID = Pattern.compile("^[.A-Za-z0-9:/_-]{1,36}$");
    static final String NONE = "NONE";
    private static final Set<OrderStatus> LOSABLE = EnumSet.of(OrderStatus.SUBMITTING, OrderStatus.UNKNOWN, OrderStatus.ACKNOWLEDGED);

    private static final Set<OrderStatus> UNRESOLVED = EnumSet.of(OrderStatus.SUBMITTING, OrderStatus.UNKNOWN);

    private final String issuedBy;
    private final Duration grace;
    private final Duration unresolvedGrace;
    private final Duration orderTtl;
    private final boolean ttlFromFirstFill;

    /**
     * @param issuedBy the {@code issuedBy} of the commands (the service name)
     * @param grace orders changed (locally or at the exchange) more recently than this are left alone:
     *        their events may still be on the way
     * @param unresolvedGrace SUBMITTING and UNKNOWN orders are left to the gateway's own resolution (query,
     *        then one fresh submission) for this long after their last change
     */
    public Reconciliation(String issuedBy, Duration grace, Duration unresolvedGrace) {
        this(issuedBy, grace, unresolvedGrace, Duration.ZERO, false);
    }

    /**
     * @param orderTtl orders open at the exchange for longer than this are canceled ({@code TTL_EXPIRED});
     *        zero turns the TTL off. An order with a TTL of its own ({@link LocalOrder#ttlSeconds()}) uses that instead
     * @param ttlFromFirstFill the TTL of an order with fills counts from its first fill instead of its
     *        placement (USE_FIRST_FILL_TS_FOR_TTL)
     */
    public Reconciliation(String issuedBy, Duration grace, Duration unresolvedGrace, Duration orderTtl, boolean ttlFromFirstFill) {
        this.issuedBy = issuedBy;
        this.grace = grace;
        this.unresolvedGrace = unresolvedGrace;
        this.orderTtl = orderTtl;
        this.ttlFromFirstFill = ttlFromFirstFill;
    }

    /** The outcome of comparing: findings for the run event and the commands to send. */
    public record Result(List<ReconciliationFinding> findings, List<OrderCommand> commands) {

        public Result {
            findings = List.copyOf(findings);
            commands = List.copyOf(commands);
        }
    }

    /** Local orders whose exchange state the run must know: open locally, at the exchange, and settled. */
    public List<LocalOrder> toCheck(List<LocalOrder> local, Instant now) {
        return local.stream().filter(LocalOrder::atExchangeAndOpen)
                .filter(o -> settled(o.updatedAt(), now, UNRESOLVED.contains(o.status()) ? unresolvedGrace : grace))
                .toList();
    }

    /**
     * Compares.
     *
     * @param runId the run, part of the command ids
     * @param local the local orders to check (see {@link #toCheck})
     * @param knownExchangeOrderIds the client order ids, among the exchange's open orders, that the gateway
     *        has published events for (in any state), each with the exchange order id the gateway recorded
     *        for it (a null value while it has none)
     * @param exchange what the exchange said
     */
    public Result reconcile(String runId, List<LocalOrder> local, Map<String, String> knownExchangeOrderIds,
            ExchangeView exchange, Instant now) {
        List<ReconciliationFinding> findings = new ArrayList<>();
        List<OrderCommand> commands = new ArrayList<>();
        Map<String, VenueOrder> openByCoid = new HashMap<>();
        exchange.openOrders().forEach(o -> openByCoid.put(o.clientOrderId(), o));

        for (LocalOrder order : toCheck(local, now)) {
            String coid = order.clientOrderId();
            VenueOrder atExchange = openByCoid.get(coid);
            if (atExchange == null) {
                Optional<VenueOrder> lookup = exchange.lookups().get(coid);
                if (lookup == null) {
                    continue; // not queried: nothing known
                }
                if (lookup.isEmpty()) {
                    missing(runId, order, findings, commands, now);
                    continue;
                }
                atExchange = lookup.get();
            } else if (order.exchangeOrderId() != null && !order.exchangeOrderId().equals(atExchange.exchangeOrderId())) {
                continue; // another venue order under the same client order id: reported below, not this order's state
            }
            List<VenueTrade> trades = exchange.trades().getOrDefault(atExchange.exchangeOrderId(), List.of()).stream()
                    .sorted(Comparator.comparing(VenueTrade::executedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(VenueTrade::tradeId))
                    .toList();
            for (VenueTrade trade : trades) {
                if (!order.seenTradeIds().contains(trade.tradeId())) {
                    String commandId = "reconcile:fill:" + order.clientOrderId() + ":" + trade.tradeId();
                    findings.add(new ReconciliationFinding(FindingKind.FILL_MISSING.name(), coid, order.symbol(),
                            atExchange.exchangeOrderId(), "exchange trade " + trade.tradeId() + " of " + trade.quantity()
                                    + " at " + trade.price() + " not seen locally",
                            CommandType.APPLY_FILL.name()));
                    commands.add(new OrderCommand(commandId, CommandType.APPLY_FILL, coid, order.symbol(),
                            "reconcile: fill missing", issuedBy, null, trade.toFillReport(), now));
                }
            }
            if (atExchange.endedUnfilled()) {
                String reason = "reconcile: exchange says " + atExchange.venueStatus();
                findings.add(new ReconciliationFinding(FindingKind.STATUS_MISMATCH.name(), coid, order.symbol(),
                        atExchange.exchangeOrderId(), "local " + order.status() + ", exchange " + atExchange.venueStatus(),
                        CommandType.CANCEL.name()));
                commands.add(new OrderCommand(commandId(runId, coid, CommandType.CANCEL), CommandType.CANCEL, coid,
                        order.symbol(), reason, issuedBy, null, null, now));
            } else if (atExchange.open()) {
                VenueOrder open = atExchange;
                ttlExpired(order, open, now).ifPresent(reason -> {
                    findings.add(new ReconciliationFinding(FindingKind.TTL_EXPIRED.name(), coid, order.symbol(),
                            open.exchangeOrderId(), reason, CommandType.CANCEL.name()));
                    commands.add(new OrderCommand(commandId(runId, coid, CommandType.CANCEL), CommandType.CANCEL, coid,
                            order.symbol(), "TTL: " + reason, issuedBy, null, null, now));
                });
            }
        }

        for (VenueOrder open : exchange.openOrders()) {
            if (!settled(open.createdAt(), now, grace)) {
                continue;
            }
            if (knownExchangeOrderIds.containsKey(open.clientOrderId())) {
                secondVenueOrder(open, knownExchangeOrderIds.get(open.clientOrderId())).ifPresent(findings::add);
                continue;
            }
            boolean adoptable = open.side() != null && open.clientOrderId() != null && CLIENT_ORDER_ID.matcher(open.clientOrderId()).matches();
            findings.add(new ReconciliationFinding(FindingKind.ORPHAN_AT_EXCHANGE.name(),
                    adoptable ? open.clientOrderId() : null, open.symbol(), open.exchangeOrderId(),
                    "open at the exchange (" + open.venueStatus() + ", " + open.side() + " " + open.originalQuantity()
                            + " at " + open.price() + "), unknown to the gateway"
                            + (adoptable ? "" : "; client order id '" + open.clientOrderId() + "' cannot be adopted"),
                    adoptable ? CommandType.ADOPT.name() : NONE, true));
            if (adoptable) {
                commands.add(new OrderCommand(commandId(runId, open.clientOrderId(), CommandType.ADOPT), CommandType.ADOPT,
                        open.clientOrderId(), open.symbol(), "reconcile: open at the exchange, unknown locally", issuedBy,
                        open.snapshot(), null, now));
            }
        }
        return new Result(findings, commands);
    }

    /**
     * An open exchange order under a client order id the gateway knows, but not the exchange order the
     * gateway recorded for it: the venue holds two orders for one intent (a resubmission after an unknown
     * outcome whose first submission landed after all, or a resend of an order no longer open). Nothing
     * is canceled automatically: a cancel by client order id could hit either order.
     */
    private static Optional<ReconciliationFinding> secondVenueOrder(VenueOrder open, String recordedExchangeOrderId) {
        if (recordedExchangeOrderId == null || recordedExchangeOrderId.equals(open.exchangeOrderId())) {
            return Optional.empty();
        }
        return Optional.of(new ReconciliationFinding(FindingKind.SECOND_VENUE_ORDER.name(), open.clientOrderId(), open.symbol(),
                open.exchangeOrderId(), "open at the exchange (" + open.venueStatus() + ", " + open.side() + " " + open.originalQuantity()
                        + " at " + open.price() + ") under client order id " + open.clientOrderId() + ", whose order the gateway"
                        + " recorded as exchange order " + recordedExchangeOrderId + ": needs an operator to cancel exchange order "
                        + open.exchangeOrderId(),
                NONE, true));
    }

    private void missing(String runId, LocalOrder order, List<ReconciliationFinding> findings, List<OrderCommand> commands,
            Instant now) {
        String coid = order.clientOrderId();
        if (LOSABLE.contains(order.status())) {
            findings.add(new ReconciliationFinding(FindingKind.MISSING_AT_EXCHANGE.name(), coid, order.symbol(),
                    order.exchangeOrderId(), "local " + order.status() + ", exchange answers -2013 order does not exist",
                    CommandType.MARK_LOST.name()));
            commands.add(new OrderCommand(commandId(runId, coid, CommandType.MARK_LOST), CommandType.MARK_LOST, coid,
                    order.symbol(), "reconcile: exchange has no order " + coid, issuedBy, null, null, now));
        } else {
            // Partly filled locally, yet unknown to the exchange: nothing safe to do automatically.
            findings.add(new ReconciliationFinding(FindingKind.MISSING_AT_EXCHANGE.name(), coid, order.symbol(),
                    order.exchangeOrderId(), "local " + order.status() + " with fills, exchange answers -2013: needs an operator",
                    NONE));
        }
    }

    private Optional<String> ttlExpired(LocalOrder order, VenueOrder atExchange, Instant now) {
        // an order's own TTL replaces the default: the gateway enforces it, this run is the backstop
        Duration orderTtl = order.ttlSeconds() != null ? Duration.ofSeconds(order.ttlSeconds()) : this.orderTtl;
        if (orderTtl.isZero() || orderTtl.isNegative()) {
            return Optional.empty();
        }
        boolean fromFill = ttlFromFirstFill && order.firstFillAt() != null;
        Instant start = fromFill ? order.firstFillAt() : order.placedAt() != null ? order.placedAt() : atExchange.createdAt();
        if (start == null || !start.plus(orderTtl).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of("open " + Duration.between(start, now).toSeconds() + " s since " + (fromFill ? "first fill" : "placement")
                + ", TTL " + orderTtl.toSeconds() + " s");
    }

    static String commandId(String runId, String coid, CommandType type) {
        return "reconcile:" + runId + ":" + coid + ":" + type.name();
    }

    private static boolean settled(Instant changedAt, Instant now, Duration wait) {
        return changedAt == null || !changedAt.isAfter(now.minus(wait));
    }
}
