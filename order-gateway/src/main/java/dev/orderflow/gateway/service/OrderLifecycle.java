package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.domain.OrderEvent.FillReported;
import dev.orderflow.gateway.domain.OrderStateMachine;
import dev.orderflow.gateway.domain.Transition;
import dev.orderflow.gateway.domain.Transition.Applied;
import dev.orderflow.gateway.domain.Transition.Ignored;
import dev.orderflow.gateway.domain.Transition.Illegal;
import dev.orderflow.gateway.exchange.SymbolFilterCache;
import dev.orderflow.gateway.persistence.FillRepository;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.PositionRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies events to stored orders: locks the row, asks the state machine, and stores the new state,
 * the transition (time and cause), fills, the position and the outbox events in one transaction.
 */
@ApplicationScoped
public class OrderLifecycle {

    private static final Logger LOG = Logger.getLogger(OrderLifecycle.class);

    /** What happened, with the order as it is afterwards (empty for an unknown COID). */
    public record Outcome(Transition transition, Optional<StoredOrder> order) {
        public boolean applied() {
            return transition instanceof Applied;
        }
    }

    private final OrderRepository orders;
    private final FillRepository fills;
    private final PositionRepository positions;
    private final SymbolFilterCache filters;
    private final EventPublisher events;
    private final MeterRegistry registry;

    public OrderLifecycle(OrderRepository orders, FillRepository fills, PositionRepository positions, SymbolFilterCache filters,
            EventPublisher events, MeterRegistry registry) {
        this.orders = orders;
        this.fills = fills;
        this.positions = positions;
        this.filters = filters;
        this.events = events;
        this.registry = registry;
    }

    @Transactional
    public Outcome apply(String clientOrderId, OrderEvent event) {
        Optional<StoredOrder> found = orders.findForUpdate(clientOrderId);
        if (found.isEmpty()) {
            return new Outcome(new Ignored(null, "unknown client order id " + clientOrderId), Optional.empty());
        }
        return apply(found.get(), event);
    }

    /** Applies to an order already locked by the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome apply(StoredOrder order, OrderEvent event) {
        Step step = step(order, event);
        if (step.transition() instanceof Applied applied) {
            return new Outcome(applied, Optional.of(store(step.order(), applied.cause())));
        }
        return new Outcome(step.transition(), Optional.of(order));
    }

    /**
     * Applies events one after the other to an order locked by the caller's transaction, each to the
     * state the previous one left. Every transition is recorded as {@link #apply(StoredOrder, OrderEvent)}
     * records it, but the order's row is written once, at the end: an answer that acknowledges and fills
     * an order costs one row update, not one per event. Returns the order as stored afterwards.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredOrder applyAll(StoredOrder order, List<OrderEvent> events) {
        StoredOrder current = order;
        Applied last = null;
        for (OrderEvent event : events) {
            Step step = step(current, event);
            if (step.transition() instanceof Applied applied) {
                last = applied;
            }
            current = step.order();
        }
        return last == null ? order : store(current, last.cause());
    }

    /** One event: the transition and everything it records except the order's row; the order as it is now in memory. */
    private record Step(Transition transition, StoredOrder order) {
    }

    private Step step(StoredOrder order, OrderEvent event) {
        Transition transition = OrderStateMachine.apply(order.state(), event);
        // a repeated trade is a duplicate whatever the state says (a second report of the last fill
        // arrives when the order is already FILLED); it is checked before anything is written, so an
        // event that is refused leaves nothing behind in the caller's transaction
        if (event instanceof FillReported fill && (transition instanceof Applied
                ? !fills.insertIfNew(order.id(), order.clientOrderId(), order.state().symbol(), fill)
                : fills.exists(order.id(), fill.tradeId()))) {
            countDuplicateFill();
            return new Step(new Ignored(order.state().status(), "duplicate trade " + fill.tradeId()), order);
        }
        switch (transition) {
            case Applied applied -> {
                orders.insertTransition(order.id(), order.clientOrderId(), applied.from(), applied.next().status(),
                        applied.cause(), event.at());
                events.publish(order.state().symbol(), order.clientOrderId(), applied.events());
                if (event instanceof FillReported fill) {
                    positions.applyFill(order.state().symbol(), order.state().side(), fill.quantity(), fill.price(), fill.commission(),
                            fill.commissionAsset(), baseAsset(order.state().symbol(), fill), fill.at());
                }
                registry.counter("orderflow_order_transitions_total", "from", applied.from().name(),
                        "to", applied.next().status().name()).increment();
                recordAlertFigures(applied);
                return new Step(applied, order.advancedTo(applied.next(), applied.cause(), event.at()));
            }
            case Ignored ignored -> {
                LOG.debugf("Order %s: %s ignored in %s (%s)", order.clientOrderId(), event.getClass().getSimpleName(),
                        ignored.state(), ignored.reason());
                return new Step(ignored, order);
            }
            case Illegal illegal -> {
                recordIllegal(order.clientOrderId(), illegal);
                return new Step(illegal, order);
            }
        }
    }

    private String baseAsset(String symbol, FillReported fill) {
        Optional<String> base = filters.baseAsset(symbol);
        if (base.isEmpty() && fill.commission() != null && fill.commission().signum() > 0) {
            LOG.warnf("Base asset of %s unknown (exchange rules not loaded): trade %s moves the position by its whole quantity, "
                    + "its commission %s %s not deducted", symbol, fill.tradeId(), fill.commission().toPlainString(), fill.commissionAsset());
        }
        return base.orElse(null);
    }

    private StoredOrder store(StoredOrder order, String cause) {
        return orders.update(order.id(), order.state(), cause, order.updatedAt(), order.terminalAt());
    }

    /**
     * The figures the fill-rate alert reads: filled / submitted, each order counted once (a
     * resubmission after UNKNOWN is the same order).
     */
    private void recordAlertFigures(Applied applied) {
        OrderStatus to = applied.next().status();
        String intent = applied.next().intent().name();
        if (to == OrderStatus.SUBMITTING && applied.from() != OrderStatus.UNKNOWN) {
            registry.counter("orderflow_orders_submitted_total", "intent", intent).increment();
        }
        if (to == OrderStatus.FILLED) {
            registry.counter("orderflow_orders_filled_total", "intent", intent).increment();
        }
        for (var event : applied.events()) {
            if (event.payload() instanceof EntrySlippage slippage) {
                recordSlippage(slippage);
            }
        }
    }

    /**
     * Realised entry slippage as the Entry Slippage alert reads it: the cost side only, so a price
     * improvement on one fill cannot hide a bad fill on another; improvements are a summary of their own.
     */
    private void recordSlippage(EntrySlippage slippage) {
        double bps = slippage.slippageBps().doubleValue(); // a metric sample, not money
        String reference = slippage.referenceSource().name();
        DistributionSummary.builder("orderflow_entry_slippage_bps").tag("symbol", slippage.symbol()).tag("reference", reference)
                .description("Adverse slippage of filled entries against their reference price, in bps (0 for an improvement)")
                .register(registry).record(Math.max(bps, 0));
        if (bps < 0) {
            DistributionSummary.builder("orderflow_entry_price_improvement_bps").tag("symbol", slippage.symbol())
                    .tag("reference", reference)
                    .description("Price improvement of filled entries against their reference price, in bps")
                    .register(registry).record(-bps);
        }
    }

    /** Counts a report of a trade that is already stored. */
    public void countDuplicateFill() {
        registry.counter("orderflow_fill_duplicates_total").increment();
    }

    /** Logs and counts a refused transition. */
    public void recordIllegal(String clientOrderId, Illegal illegal) {
        LOG.errorf("Illegal transition refused for order %s: %s in state %s (%s)", clientOrderId, illegal.event(),
                illegal.state(), illegal.reason());
        registry.counter("orderflow_order_illegal_transitions_total", "state",
                illegal.state() == null ? "NONE" : illegal.state().name(), "event", illegal.event()).increment();
    }

    public static boolean isOpen(OrderStatus status) {
        return !status.isTerminal();
    }
}
