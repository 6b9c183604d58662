package dev.orderflow.gateway.domain;

import static dev.orderflow.contracts.events.OrderStatus.ACCEPTED;
import static dev.orderflow.contracts.events.OrderStatus.ACKNOWLEDGED;
import static dev.orderflow.contracts.events.OrderStatus.BLOCKED;
import static dev.orderflow.contracts.events.OrderStatus.CANCELED;
import static dev.orderflow.contracts.events.OrderStatus.EXPIRED;
import static dev.orderflow.contracts.events.OrderStatus.FILLED;
import static dev.orderflow.contracts.events.OrderStatus.PARTIALLY_FILLED;
import static dev.orderflow.contracts.events.OrderStatus.PENDING_GUARDS;
import static dev.orderflow.contracts.events.OrderStatus.REJECTED;
import static dev.orderflow.contracts.events.OrderStatus.SUBMITTING;
import static dev.orderflow.contracts.events.OrderStatus.UNKNOWN;

import dev.orderflow.contracts.events.CoidDuplicate;
import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.domain.OrderEvent.CancelRequested;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeAcknowledged;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeCanceled;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeExpired;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeRejected;
import dev.orderflow.gateway.domain.OrderEvent.FillReported;
import dev.orderflow.gateway.domain.OrderEvent.GuardDecided;
import dev.orderflow.gateway.domain.OrderEvent.GuardTimedOut;
import dev.orderflow.gateway.domain.OrderEvent.GuardsRequested;
import dev.orderflow.gateway.domain.OrderEvent.MarkedLost;
import dev.orderflow.gateway.domain.OrderEvent.NotFoundAtExchange;
import dev.orderflow.gateway.domain.OrderEvent.OutcomeUnknown;
import dev.orderflow.gateway.domain.OrderEvent.SubmissionStarted;
import dev.orderflow.gateway.domain.Transition.Applied;
import dev.orderflow.gateway.domain.Transition.Ignored;
import dev.orderflow.gateway.domain.Transition.Illegal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one order state machine of the gateway:
 *
 * <pre>
 * ACCEPTED -> (PENDING_GUARDS ->) BLOCKED | SUBMITTING -> ACKNOWLEDGED -> PARTIALLY_FILLED -> FILLED
 *                                           SUBMITTING -> UNKNOWN -> (query) ACKNOWLEDGED | ... | SUBMITTING (once)
 * terminal: BLOCKED, FILLED, CANCELED, REJECTED, EXPIRED
 * </pre>
 *
 * Pure: no I/O, no clock (events carry their time), no exceptions for business outcomes. The caller
 * loads the order, applies the event and, for {@link Applied}, stores the new state, the transition
 * and the events in one transaction. {@link Illegal} is a bug or a venue inconsistency: the caller
 * logs and counts it and changes nothing. {@link Ignored} is a stale or repeated report.
 */
public final class OrderStateMachine {

    /** Maximum number of fresh submissions after the exchange did not know the order. */
    public static final int MAX_RESUBMISSIONS = 1;

    private static final Set<OrderStatus> LIVE_AT_EXCHANGE = EnumSet.of(SUBMITTING, UNKNOWN, ACKNOWLEDGED, PARTIALLY_FILLED);
    private static final MathContext PRICE_CONTEXT = new MathContext(20, RoundingMode.HALF_EVEN);

    private OrderStateMachine() {
    }

    /** COID_DUPLICATE: a request replayed the order, answered from it; {@code count} replays so far, this one included. */
    public static OutboundEvent replayedEvent(OrderState order, long count, Instant at) {
        return new OutboundEvent(EventType.COID_DUPLICATE, new CoidDuplicate(order.clientOrderId(), order.symbol(), order.strategyId(),
                order.status(), order.acceptedAt(), count, at));
    }

    /** The events announcing a newly accepted order. */
    public static List<OutboundEvent> acceptedEvents(OrderState order, String cause) {
        return acceptedEvents(order, cause, null);
    }

    /** ORDER_ACCEPTED, carrying the order's own time to live (the request's ttlSeconds) when it has one. */
    public static List<OutboundEvent> acceptedEvents(OrderState order, String cause, Integer ttlSeconds) {
        return List.of(stateChanged(null, order, cause, order.acceptedAt(), ttlSeconds));
    }

    public static Transition apply(OrderState order, OrderEvent event) {
        OrderStatus state = order.status();
        return switch (event) {
            case GuardsRequested e -> state == ACCEPTED
                    ? move(order, PENDING_GUARDS, "sent to entry guards", e.at())
                    : illegal(order, e, "guards are asked only for a newly accepted order");
            case GuardDecided e -> guardDecided(order, e);
            case GuardTimedOut e -> state == PENDING_GUARDS
                    ? move(order, BLOCKED, "GUARD_TIMEOUT", e.at())
                    : ignoredOrIllegal(order, e, "no longer waiting for guards");
            case SubmissionStarted e -> state == ACCEPTED
                    ? move(order, SUBMITTING, "submitting to exchange", e.at())
                    : illegal(order, e, "only an accepted order is submitted");
            case ExchangeAcknowledged e -> acknowledged(order, e);
            case ExchangeRejected e -> state == SUBMITTING || state == UNKNOWN
                    ? move(order, REJECTED, cause("exchange rejected", e.reason()), e.at())
                    : ignoredOrIllegal(order, e, "a rejection only answers a submission");
            case OutcomeUnknown e -> state == SUBMITTING
                    ? move(order, UNKNOWN, cause("outcome unknown", e.reason()), e.at())
                    : state == UNKNOWN ? new Ignored(state, "already unknown")
                    // the execution report (or a query) answered before the request gave up
                    : LIVE_AT_EXCHANGE.contains(state) || state.isTerminal() && state != BLOCKED
                    ? new Ignored(state, "outcome already known")
                    : illegal(order, e, "only a submission can have an unknown outcome");
            case NotFoundAtExchange e -> notFound(order, e);
            case FillReported e -> fill(order, e);
            case CancelRequested e -> state == ACCEPTED || state == PENDING_GUARDS
                    ? move(order, CANCELED, cause("canceled before submission", e.reason()), e.at())
                    : state == CANCELED ? new Ignored(state, "already canceled")
                    : illegal(order, e, "an order at the exchange is canceled there, not locally");
            case ExchangeCanceled e -> LIVE_AT_EXCHANGE.contains(state)
                    ? move(order, CANCELED, cause("canceled", e.reason()), e.at())
                    : ignoredOrIllegal(order, e, "not live at the exchange");
            case ExchangeExpired e -> LIVE_AT_EXCHANGE.contains(state)
                    ? move(order, EXPIRED, cause("expired", e.reason()), e.at())
                    : ignoredOrIllegal(order, e, "not live at the exchange");
            case MarkedLost e -> LIVE_AT_EXCHANGE.contains(state) || state == ACCEPTED || state == PENDING_GUARDS
                    ? move(order, CANCELED, cause("LOST", e.reason()), e.at())
                    : ignoredOrIllegal(order, e, "already final");
        };
    }

    private static Transition guardDecided(OrderState order, GuardDecided e) {
        if (order.status() != PENDING_GUARDS) {
            return ignoredOrIllegal(order, e, "no longer waiting for guards");
        }
        if (e.outcome() == GuardOutcome.BLOCK) {
            return move(order, BLOCKED, cause("guards BLOCK", e.reasons()), e.at());
        }
        return move(order, SUBMITTING, cause("guards " + e.outcome(), e.reasons()), e.at());
    }

    private static Transition acknowledged(OrderState order, ExchangeAcknowledged e) {
        OrderStatus state = order.status();
        if (state == SUBMITTING || state == UNKNOWN) {
            return move(order.withExchangeOrderId(e.exchangeOrderId()), ACKNOWLEDGED, "acknowledged by exchange", e.at());
        }
        if (state == ACKNOWLEDGED || state == PARTIALLY_FILLED || state.isTerminal() && state != BLOCKED) {
            return new Ignored(state, "stale acknowledgement");
        }
        return illegal(order, e, "an acknowledgement only answers a submission");
    }

    private static Transition notFound(OrderState order, NotFoundAtExchange e) {
        if (order.status() != UNKNOWN) {
            return illegal(order, e, "a status query only follows an unknown outcome");
        }
        if (order.resubmissions() < MAX_RESUBMISSIONS) {
            OrderState next = order.withResubmissions(order.resubmissions() + 1);
            return move(next, SUBMITTING, "not found at exchange after the query window; fresh submission", e.at());
        }
        return move(order, REJECTED, "not found at exchange after resubmission", e.at());
    }

    private static Transition fill(OrderState order, FillReported e) {
        OrderStatus state = order.status();
        // A REJECTED order may still have reached the exchange: "not found" after the resubmission is an
        // inference from a query window, not the venue's word. A trade reported for it happened all the same.
        boolean lateAfterFinal = state == CANCELED || state == EXPIRED || state == REJECTED;
        if (!LIVE_AT_EXCHANGE.contains(state) && !lateAfterFinal) {
            return illegal(order, e, "a fill for an order that is not at the exchange");
        }
        if (e.quantity().signum() <= 0 || e.price().signum() <= 0) {
            return illegal(order, e, "fill with non-positive price or quantity");
        }
        BigDecimal executed = order.executedQuantity().add(e.quantity());
        if (executed.compareTo(order.quantity()) > 0) {
            return illegal(order, e, "fill of " + e.quantity().toPlainString() + " exceeds the order quantity "
                    + order.quantity().toPlainString() + " (executed " + order.executedQuantity().toPlainString() + ")");
        }
        BigDecimal previousNotional = order.averagePrice() == null ? BigDecimal.ZERO
                : order.averagePrice().multiply(order.executedQuantity());
        BigDecimal average = previousNotional.add(e.price().multiply(e.quantity()))
                .divide(executed, PRICE_CONTEXT).stripTrailingZeros();
        Instant firstFill = order.firstFillAt() == null ? e.at() : order.firstFillAt();
        OrderStatus nextStatus = lateAfterFinal ? state
                : executed.compareTo(order.quantity()) == 0 ? FILLED : PARTIALLY_FILLED;
        OrderState next = order.withExchangeOrderId(e.exchangeOrderId()).withExecution(executed, average, firstFill)
                .withStatus(nextStatus);

        List<OutboundEvent> events = new ArrayList<>();
        EventType fillType = nextStatus == FILLED ? EventType.ORDER_FILLED : EventType.ORDER_PARTIAL;
        events.add(new OutboundEvent(fillType, new OrderFill(next.clientOrderId(), next.symbol(), next.side(),
                next.intent(), next.exchangeOrderId() == null ? "unknown" : next.exchangeOrderId(), e.tradeId(),
                e.price(), e.quantity(), e.commission(), e.commissionAsset(), executed, next.quantity(), average,
                firstFill, e.at())));
        if (nextStatus == FILLED && next.intent() == Intent.ENTRY) {
            next.slippageBasis().ifPresent(basis -> events.add(new OutboundEvent(EventType.ENTRY_SLIPPAGE,
                    new EntrySlippage(next.clientOrderId(), next.symbol(), next.side(), basis.price(), average, executed,
                            slippageBps(next.side(), basis.price(), average), e.at(), basis.source()))));
        }
        String cause = lateAfterFinal ? "late fill " + e.tradeId() + " after " + state : "fill " + e.tradeId();
        return new Applied(state, next, cause, events);
    }

    /** Realised slippage in basis points, positive when the fill is worse than the reference. */
    public static BigDecimal slippageBps(Side side, BigDecimal reference, BigDecimal average) {
        BigDecimal difference = side == Side.BUY ? average.subtract(reference) : reference.subtract(average);
        return difference.multiply(BigDecimal.valueOf(10_000)).divide(reference, 2, RoundingMode.HALF_UP);
    }

    private static Transition move(OrderState order, OrderStatus to, String cause, Instant at) {
        OrderState next = order.withStatus(to);
        return new Applied(order.status(), next, cause, List.of(stateChanged(order.status(), next, cause, at)));
    }

    private static OutboundEvent stateChanged(OrderStatus from, OrderState order, String cause, Instant at) {
        return stateChanged(from, order, cause, at, null);
    }

    private static OutboundEvent stateChanged(OrderStatus from, OrderState order, String cause, Instant at, Integer ttlSeconds) {
        return new OutboundEvent(EventType.forStatus(order.status()), new OrderStateChanged(order.clientOrderId(),
                order.symbol(), order.side(), order.intent(), from, order.status(), cause, order.exchangeOrderId(),
                order.quantity(), order.executedQuantity(), order.averagePrice(), order.strategyId(), at, ttlSeconds));
    }

    /** A report about an order that has already reached a final state is stale, not a bug. */
    private static Transition ignoredOrIllegal(OrderState order, OrderEvent event, String reason) {
        if (order.status().isTerminal()) {
            return new Ignored(order.status(), reason);
        }
        return illegal(order, event, reason);
    }

    private static Transition illegal(OrderState order, OrderEvent event, String reason) {
        return new Illegal(order.status(), event.getClass().getSimpleName(), reason);
    }

    private static String cause(String what, String detail) {
        return detail == null || detail.isBlank() ? what : what + ": " + detail;
    }
}
