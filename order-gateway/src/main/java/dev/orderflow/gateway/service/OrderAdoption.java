package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.ExchangeOrderSnapshot;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.gateway.domain.OrderState;
import dev.orderflow.gateway.domain.OrderStateMachine;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * ADOPT: takes over an order the exchange holds under a client order id the gateway does not know
 * (placed before a crash was recorded, or by the old path). The exchange is asked first and is the
 * authority; the order is registered as SUBMITTING (BUY = ENTRY, SELL = EXIT, no reference price)
 * and the exchange's answer is applied to it, fills and position included, as for any submission.
 */
@ApplicationScoped
public class OrderAdoption {

    private static final Logger LOG = Logger.getLogger(OrderAdoption.class);

    private final OrderRepository orders;
    private final Venue venue;
    private final ExecutionTracker executions;
    private final EventPublisher events;

    public OrderAdoption(OrderRepository orders, Venue venue, ExecutionTracker executions, EventPublisher events) {
        this.orders = orders;
        this.venue = venue;
        this.executions = executions;
        this.events = events;
    }

    /** Adopts the command's order; returns what happened. */
    public String adopt(OrderCommand command) {
        String coid = command.clientOrderId();
        if (orders.find(coid).isPresent()) {
            return "already known";
        }
        ExchangeOrderSnapshot snapshot = command.exchangeOrder();
        String symbol = command.symbol() != null ? command.symbol() : snapshot == null ? null : snapshot.symbol();
        if (symbol == null || snapshot == null || snapshot.side() == null) {
            return "refused: ADOPT needs the symbol and the exchange order (side, type, quantity)";
        }
        VenueResult answer = venue.query(symbol, coid);
        if (!(answer instanceof VenueResult.Ok ok)) {
            return "not adopted: the exchange does not confirm the order (" + answer.getClass().getSimpleName() + ")";
        }
        var atExchange = ok.order();
        OrderType type = snapshot.type() == null ? OrderType.LIMIT : snapshot.type();
        BigDecimal quantity = atExchange.originalQuantity() != null ? atExchange.originalQuantity() : snapshot.originalQuantity();
        Instant now = Instant.now();
        OrderState state = new OrderState(coid, symbol, snapshot.side(), type, snapshot.side() == Side.BUY ? Intent.ENTRY : Intent.EXIT,
                "adopted", quantity, type == OrderType.LIMIT ? snapshot.price() : null, null, OrderStatus.SUBMITTING, null,
                BigDecimal.ZERO, null, null, 0, now);
        String cause = "adopted from the exchange: " + command.reason() + " (" + command.issuedBy() + ")";
        boolean inserted = QuarkusTransaction.requiringNew().call(() -> {
            var adopted = orders.insertIfAbsent(state, type == OrderType.LIMIT ? TimeInForce.GTC : null, null,
                    "adopted:" + atExchange.exchangeOrderId(), cause);
            if (adopted.isEmpty()) {
                return false;
            }
            orders.insertTransition(adopted.get().id(), coid, null, OrderStatus.SUBMITTING, cause, now);
            events.publish(symbol, coid, OrderStateMachine.acceptedEvents(state, cause));
            return true;
        });
        if (!inserted) {
            return "already known";
        }
        executions.applyExchangeOrder(coid, atExchange, "adopted");
        String status = orders.find(coid).map(o -> o.state().status().name()).orElse("?");
        LOG.warnf("Order %s (%s at the exchange) adopted: now %s", coid, atExchange.exchangeOrderId(), status);
        return "adopted: now " + status;
    }
}
