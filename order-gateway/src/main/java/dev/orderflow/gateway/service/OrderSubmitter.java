package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.SlippageReference;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.domain.OrderState;
import dev.orderflow.gateway.domain.SlippageBasis;
import dev.orderflow.gateway.domain.StatusQuerySchedule;
import dev.orderflow.gateway.persistence.GuardDecisionRepository;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.gateway.persistence.SymbolLocks;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.venue.OrderRequest;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Sends orders to the exchange with newClientOrderId = COID, and resolves unknown outcomes.
 *
 * <p>The order moves to SUBMITTING in a committed transaction (the one that takes the symbol's lease)
 * before the request leaves, so a crash at any point leaves a state the sweeps can finish:
 * an order in SUBMITTING or UNKNOWN is only ever queried by its client order id, never sent again,
 * until the exchange has said it does not know it after the query window; then it is sent once more
 * as a fresh submission.
 */
@ApplicationScoped
public class OrderSubmitter {

    private static final Logger LOG = Logger.getLogger(OrderSubmitter.class);

    private final OrderRepository orders;
    private final GuardDecisionRepository decisions;
    private final OrderLifecycle lifecycle;
    private final ExecutionTracker executions;
    private final Venue venue;
    private final SymbolLocks locks;
    private final Flags flags;
    private final GatewayConfig config;
    private final boolean enabled;
    private final MeterRegistry registry;
    private final AnswersInFlight answers;
    private final StatusQuerySchedule statusQueries;

    public OrderSubmitter(OrderRepository orders, GuardDecisionRepository decisions, OrderLifecycle lifecycle,
            ExecutionTracker executions, Venue venue, SymbolLocks locks, Flags flags, GatewayConfig config,
            ExchangeConfig exchange, MeterRegistry registry, AnswersInFlight answers) {
        // the venue processes no request older than recvWindow (clock skew allowed: 1 s), so an order it
        // does not know that long after the request left was never placed
        Duration neverPlacedAfter = Duration.ofMillis(exchange.recvWindowMs() + 1000);
        if (config.submission().unknownQueryWindow().compareTo(neverPlacedAfter) < 0) {
            throw new IllegalStateException("gateway.submission.unknown-query-window must be at least the exchange's "
                    + "recvWindow + 1 s (" + neverPlacedAfter.toMillis() + " ms), is " + config.submission().unknownQueryWindow());
        }
        this.statusQueries = new StatusQuerySchedule(config.submission().unknownBackoffInitial(),
                config.submission().unknownBackoffMax());
        this.answers = answers;
        this.orders = orders;
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.executions = executions;
        this.venue = venue;
        this.locks = locks;
        this.flags = flags;
        this.config = config;
        this.registry = registry;
        this.enabled = config.submission().enabled();
        if (!enabled) {
            LOG.warn("gateway.submission.enabled=false: orders are accepted and stored but never sent to the exchange");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Moves an accepted (or guard-allowed) order to SUBMITTING and sends it. */
    public void submit(String clientOrderId) {
        if (enabled) {
            orders.find(clientOrderId).ifPresent(this::submit);
        }
    }

    /**
     * As {@link #submit(String)}, from an order as its caller just stored it (the intake), without reading
     * it again: the move to SUBMITTING re-reads it under its row lock, and the state machine has the last word.
     */
    public void submit(StoredOrder order) {
        if (!enabled) {
            return;
        }
        Optional<GuardDecisionRepository.Decision> decision = Optional.empty();
        if (order.state().status() == OrderStatus.PENDING_GUARDS) {
            decision = decisions.find(order.id());
            if (decision.isEmpty()) {
                return; // still waiting for the guards
            }
        } else if (order.state().status() != OrderStatus.ACCEPTED) {
            return;
        }
        measureReferenceIfNone(order);
        Optional<GuardDecisionRepository.Decision> decided = decision;
        startAndSend(order, () -> decided.<OrderEvent>map(d -> new OrderEvent.GuardDecided(d.outcome(), d.reasons(), Instant.now()))
                .orElseGet(() -> new OrderEvent.SubmissionStarted(Instant.now())));
    }

    /**
     * Gives an entry without a reference price one to measure its slippage against (fill telemetry): the
     * touch on the side it takes from, read before it is sent and outside the symbol lock. The guards'
     * expected price, when they gave one, is already stored and wins. Without an answer from the venue the
     * entry goes on unmeasured.
     */
    private void measureReferenceIfNone(StoredOrder order) {
        OrderState state = order.state();
        if (state.intent() != Intent.ENTRY || state.slippageBasis().isPresent() || !flags.isEnabled(FeatureFlag.ENABLE_FILL_TELEMETRY)) {
            return;
        }
        Optional<BigDecimal> touch = venue.touch(state.symbol(), state.side());
        if (touch.isPresent()) {
            QuarkusTransaction.requiringNew().run(() -> orders.recordMeasuredReference(order.id(),
                    new SlippageBasis(touch.get(), SlippageReference.BOOK_TOUCH)));
        } else {
            registry.counter("orderflow_entry_slippage_unmeasured_total").increment();
            LOG.debugf("No touch of %s before sending %s: its slippage will not be measured", state.symbol(), order.clientOrderId());
        }
    }

    /**
     * Under the symbol lock (when symbol locks are on): applies the event that moves the order to
     * SUBMITTING in the transaction that takes the symbol's lease (so the fencing token and the
     * transition commit together), then sends it. The lock is given back as soon as the exchange has
     * answered (nothing of that symbol is in flight any more), and the answer is recorded after that.
     */
    private void startAndSend(StoredOrder order, Supplier<OrderEvent> startEvent) {
        String clientOrderId = order.clientOrderId();
        // the event is timed once the lock is held, so a symbol's submissions never overlap in the history
        // the order may have moved on since it was read (canceled while it waited for a worker): then it is
        // left alone, and the state machine never sees an event meant for a state the order has left
        Supplier<OrderLifecycle.Outcome> start = () -> orders.findForUpdate(clientOrderId)
                .filter(current -> current.state().status() == order.state().status())
                .map(current -> lifecycle.apply(current, startEvent.get())).orElse(null);
        SymbolLocks.Lease lease = null;
        OrderLifecycle.Outcome started;
        if (flags.isEnabled(FeatureFlag.ENABLE_SYMBOL_LOCKS)) {
            Optional<SymbolLocks.Leased<OrderLifecycle.Outcome>> taken = locks.acquireAndRun(order.state().symbol(),
                    held -> start.get());
            if (taken.isEmpty()) {
                registry.counter("orderflow_symbol_lock_timeouts_total").increment();
                LOG.debugf("Symbol lock for %s busy; %s is retried by the sweep", order.state().symbol(), clientOrderId);
                return;
            }
            lease = taken.get().lease();
            started = taken.get().result();
        } else {
            started = QuarkusTransaction.requiringNew().call(start::get);
        }
        VenueResult result;
        StoredOrder submitting;
        VenueOrder recorded = null;
        try {
            try {
                if (started == null || !started.applied() || started.order().isEmpty()
                        || started.order().get().state().status() != OrderStatus.SUBMITTING) {
                    return; // blocked by the guards, canceled meanwhile, or another worker got there first
                }
                submitting = started.order().get();
                if (order.state().status() == OrderStatus.UNKNOWN) {
                    LOG.warnf("Order %s never reached the exchange; sending it once more as a fresh submission", clientOrderId);
                    registry.counter("orderflow_orders_resubmitted_total").increment();
                }
                answers.sending(clientOrderId);
                result = send(submitting, lease);
            } finally {
                if (lease != null) {
                    locks.release(lease);
                }
            }
            recordAnswer(submitting, result);
            if (result instanceof VenueResult.Ok ok) {
                recorded = ok.order();
            }
        } finally {
            answers.answered(clientOrderId, recorded);
        }
    }

    /**
     * Sends an order that is in SUBMITTING. With a symbol lease, the lease is confirmed (renewed when it
     * is no longer young) right before the request leaves; if it was lost meanwhile the order is not sent.
     */
    private VenueResult send(StoredOrder order, SymbolLocks.Lease lease) {
        OrderState state = order.state();
        OrderRequest request = new OrderRequest(order.clientOrderId(), state.symbol(), state.side(), state.type(), state.quantity(),
                state.type() == OrderType.LIMIT ? state.price() : null, order.timeInForce());
        VenueResult result = venue.place(request, () -> lease == null || locks.confirm(lease));
        registry.counter("orderflow_exchange_submissions_total", "result", result.getClass().getSimpleName()).increment();
        return result;
    }

    private void recordAnswer(StoredOrder order, VenueResult result) {
        String coid = order.clientOrderId();
        switch (result) {
            case VenueResult.Ok ok -> executions.applyExchangeOrder(coid, ok.order(), "placed");
            case VenueResult.Rejected rejected when rejected.reason() == VenueResult.Refusal.DUPLICATE_CLIENT_ORDER_ID ->
                // an open order with this COID exists at the exchange: find out which
                markUnknown(order, "exchange reports a duplicate open order: " + rejected.message(), Duration.ZERO);
            case VenueResult.Rejected rejected -> lifecycle.apply(coid,
                    new OrderEvent.ExchangeRejected(rejected.describe(), Instant.now()));
            case VenueResult.Unknown unknown -> markUnknown(order, unknown.reason(), Duration.ZERO);
            case VenueResult.NotSent notSent -> markUnknown(order, "not sent: " + notSent.reason(), Duration.ZERO);
            case VenueResult.Throttled throttled -> markUnknown(order, "throttled " + throttled.httpStatus(),
                    Duration.ofMillis(throttled.retryAfterMs()));
            case VenueResult.NotFound notFound -> markUnknown(order, notFound.message(), Duration.ZERO);
        }
    }

    private void markUnknown(StoredOrder order, String reason, Duration retryAfter) {
        LOG.warnf("Outcome of order %s unknown (%s); resolving by status query, never by resending", order.clientOrderId(), reason);
        QuarkusTransaction.requiringNew().run(() -> {
            var outcome = lifecycle.apply(order.clientOrderId(), new OrderEvent.OutcomeUnknown(reason, Instant.now()));
            if (outcome.applied()) {
                Duration first = statusQueries.nextDelay(0, retryAfter, config.submission().unknownQueryWindow());
                orders.scheduleCheck(order.id(), 0, Instant.now().plus(first));
            }
        });
        registry.counter("orderflow_orders_unknown_total").increment();
    }

    /**
     * One status query of an UNKNOWN order: the exchange's answer settles it; "not found" after the
     * query window sends it once more as a fresh submission (or rejects it after that); anything else
     * schedules the next query with exponential backoff.
     */
    public void resolve(String clientOrderId) {
        Optional<StoredOrder> found = orders.find(clientOrderId);
        if (found.isEmpty() || found.get().state().status() != OrderStatus.UNKNOWN) {
            return;
        }
        StoredOrder order = found.get();
        VenueResult result = venue.query(order.state().symbol(), clientOrderId);
        switch (result) {
            case VenueResult.Ok ok -> executions.applyExchangeOrder(clientOrderId, ok.order(), "resolved by status query");
            case VenueResult.NotFound notFound when windowPassed(order) -> {
                // a fresh submission goes through the symbol lock like the first one; without it, the
                // order stays UNKNOWN and the next query tries again
                startAndSend(order, () -> new OrderEvent.NotFoundAtExchange(Instant.now()));
                if (orders.find(clientOrderId).map(o -> o.state().status() == OrderStatus.UNKNOWN).orElse(false)) {
                    scheduleNext(order, Duration.ofMillis(venue.pauseRemainingMs()));
                }
            }
            case VenueResult.Throttled throttled -> scheduleNext(order, Duration.ofMillis(throttled.retryAfterMs()));
            default -> scheduleNext(order, Duration.ofMillis(venue.pauseRemainingMs()));
        }
    }

    private boolean windowPassed(StoredOrder order) {
        return Instant.now().isAfter(windowEnd(order));
    }

    private Instant windowEnd(StoredOrder order) {
        return order.updatedAt().plus(config.submission().unknownQueryWindow());
    }

    private void scheduleNext(StoredOrder order, Duration retryAfter) {
        int checks = order.unknownChecks() + 1;
        Instant now = Instant.now();
        Duration delay = statusQueries.nextDelay(checks, retryAfter, Duration.between(now, windowEnd(order)));
        orders.scheduleCheck(order.id(), checks, now.plus(delay));
    }

    /** Blocks an order whose guards did not answer in time, or lets it go when fail-open is configured. */
    public void guardTimedOut(String clientOrderId) {
        if (config.guards().failClosed()) {
            lifecycle.apply(clientOrderId, new OrderEvent.GuardTimedOut(Instant.now()));
            registry.counter("orderflow_guard_timeouts_total", "action", "blocked").increment();
        } else {
            orders.find(clientOrderId).ifPresent(order -> {
                if (decisions.record(order.id(), GuardOutcome.ALLOW, "GUARD_TIMEOUT (fail-open)", null)) {
                    registry.counter("orderflow_guard_timeouts_total", "action", "allowed").increment();
                }
            });
        }
    }
}
