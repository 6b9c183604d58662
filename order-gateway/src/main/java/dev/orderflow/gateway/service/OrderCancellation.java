package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Cancels an order: locally when it never reached the exchange, at the exchange when it is there.
 * An order whose submission outcome is still unknown cannot be canceled until it is resolved.
 */
@ApplicationScoped
public class OrderCancellation {

    private final OrderLifecycle lifecycle;
    private final OrderRepository orders;
    private final Venue venue;
    private final ExecutionTracker executions;
    private final GatewayConfig config;

    public OrderCancellation(OrderLifecycle lifecycle, OrderRepository orders, Venue venue, ExecutionTracker executions,
            GatewayConfig config) {
        this.lifecycle = lifecycle;
        this.orders = orders;
        this.venue = venue;
        this.executions = executions;
        this.config = config;
    }

    public StoredOrder cancel(StoredOrder order, String reason) {
        OrderStatus status = order.state().status();
        String coid = order.clientOrderId();
        switch (status) {
            case ACCEPTED, PENDING_GUARDS -> {
                var outcome = lifecycle.apply(coid, new OrderEvent.CancelRequested(reason, Instant.now()));
                if (outcome.applied()) {
                    return outcome.order().orElseThrow();
                }
                // it moved on meanwhile (e.g. to SUBMITTING): answer with the current state below
                return cancel(orders.find(coid).orElseThrow(), reason);
            }
            case SUBMITTING, UNKNOWN -> throw new Refusal(409, "outcome-pending", "Order outcome is being resolved",
                    "Order " + coid + " is " + status + "; cancel again once the exchange's answer is known",
                    List.of(), coid, null);
            case ACKNOWLEDGED, PARTIALLY_FILLED -> {
                VenueResult result = venue.cancel(order.state().symbol(), coid);
                switch (result) {
                    case VenueResult.Ok ok -> executions.applyExchangeOrder(coid, ok.order(), reason);
                    case VenueResult.NotFound notFound -> settleNoLongerOpen(coid, reason);
                    case VenueResult.Rejected rejected -> executions.refresh(coid);
                    default -> throw new Refusal(503, "exchange-unavailable", "Service temporarily unavailable",
                            "The cancel did not reach the exchange: " + result, List.of(), coid, config.retryAfterSeconds());
                }
                return orders.find(coid).orElseThrow();
            }
            default -> throw new Refusal(409, "order-final", "Order is final",
                    "Order " + coid + " is already " + status, List.of(), coid, null);
        }
    }

    /**
     * The exchange answered the cancel that the order is no longer open (Binance -2011), which says
     * nothing about why: it may have filled, or been canceled or expired, while no report of it reached
     * the gateway (the gateway was down, the user data stream dropped). Its status at the exchange
     * decides, with its trades. Only when the exchange knows no such order at all is it recorded as
     * canceled. When the query gets no answer, the order stays as it is: the poll of open orders, the
     * next TTL sweep or the caller's retry settle it once the exchange answers.
     */
    private void settleNoLongerOpen(String coid, String reason) {
        VenueResult query = executions.refresh(coid, reason + "; exchange reports it no longer open").orElse(null);
        switch (query) {
            case VenueResult.Ok ok -> {
            }
            case VenueResult.NotFound notFound -> lifecycle.apply(coid, new OrderEvent.ExchangeCanceled(
                    reason + "; exchange knows no such order", Instant.now()));
            case null -> {
            }
            default -> throw new Refusal(503, "exchange-unavailable", "Service temporarily unavailable",
                    "The exchange reports the order no longer open and did not answer the status query: " + query, List.of(), coid,
                    config.retryAfterSeconds());
        }
    }
}
