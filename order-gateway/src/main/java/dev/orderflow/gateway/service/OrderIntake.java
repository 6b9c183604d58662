package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.domain.OrderRequest;
import dev.orderflow.gateway.domain.OrderState;
import dev.orderflow.gateway.domain.OrderStateMachine;
import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.domain.Refusal.FieldError;
import dev.orderflow.gateway.domain.SymbolFilters;
import dev.orderflow.gateway.domain.TradingState;
import dev.orderflow.venue.VenueUnavailableException;
import dev.orderflow.gateway.exchange.SymbolFilterCache;
import dev.orderflow.gateway.messaging.GuardsPresence;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.PositionRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.platform.config.Flags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Order intake: validation, the COID registry (one order per client order id; replays answered
 * from the stored order), trading state and startup-reconcile gates, consolidated exits, and the
 * first transitions. The order row and its outbox events are committed together, in an intake
 * transaction shared with the orders arriving meanwhile ({@link IntakeCommits}), before anything is
 * sent anywhere.
 */
@ApplicationScoped
public class OrderIntake {

    private static final Logger LOG = Logger.getLogger(OrderIntake.class);

    /** The intake's answer: the order and whether this request created it. */
    public record Result(StoredOrder order, boolean created) {
    }

    private final OrderRepository orders;
    private final PositionRepository positions;
    private final IntakeCommits commits;
    private final EventPublisher events;
    private final OrderLifecycle lifecycle;
    private final SymbolFilterCache filters;
    private final ReconcileGate reconcileGate;
    private final SubmissionQueue submissions;
    private final GuardsPresence guards;
    private final GuardBacklog guardBacklog;
    private final Flags flags;
    private final GatewayConfig config;
    private final Counter duplicates;
    private final Counter accepted;
    private final Map<String, Counter> received;

    public OrderIntake(OrderRepository orders, PositionRepository positions, IntakeCommits commits,
            EventPublisher events, OrderLifecycle lifecycle, SymbolFilterCache filters, ReconcileGate reconcileGate,
            SubmissionQueue submissions, GuardsPresence guards, GuardBacklog guardBacklog, Flags flags, GatewayConfig config,
            MeterRegistry registry) {
        this.orders = orders;
        this.positions = positions;
        this.commits = commits;
        this.events = events;
        this.lifecycle = lifecycle;
        this.filters = filters;
        this.reconcileGate = reconcileGate;
        this.submissions = submissions;
        this.guards = guards;
        this.guardBacklog = guardBacklog;
        this.flags = flags;
        this.config = config;
        this.duplicates = Counter.builder("orderflow_coid_replays_total")
                .description("Requests that replayed a known client order id, answered from the stored order: the COID manager at work, never an alert").register(registry);
        this.accepted = Counter.builder("orderflow_orders_accepted_total")
                .description("New orders accepted").register(registry);
        // registered up front, so rates over a quiet period read 0, not "no data", and intake only increments
        this.received = Stream.of("accepted", "duplicate", "rejected", "unavailable").collect(Collectors.toUnmodifiableMap(
                outcome -> outcome, outcome -> Counter.builder("orderflow_orders_received_total").tag("outcome", outcome)
                        .description("Order requests that reached intake, by outcome: accepted (new order), duplicate "
                                + "(replay of a known client order id), rejected (4xx), unavailable (503)")
                        .register(registry)));
    }

    /** True when entries must go through the entry guards first. */
    public boolean guardsRequired() {
        return flags.isEnabled(FeatureFlag.ENABLE_ENTRY_SLIPPAGE_GUARD) || flags.isEnabled(FeatureFlag.ENABLE_SPREAD_GUARD_ENTRY)
                || flags.isEnabled(FeatureFlag.ENABLE_DEPTH_GUARD_ENTRY);
    }

    public Result submit(OrderRequest request, String idempotencyKey) {
        try {
            Result result = intake(request, idempotencyKey);
            received.get(result.created() ? "accepted" : "duplicate").increment();
            return result;
        } catch (Refusal problem) {
            received.get(problem.status() >= 500 ? "unavailable" : "rejected").increment();
            throw problem;
        } catch (RuntimeException e) {
            received.get("unavailable").increment(); // the database failed: answered 503
            throw e;
        }
    }

    private Result intake(OrderRequest request, String idempotencyKey) {
        List<SymbolFilters.Violation> violations = request.validate();
        if (!violations.isEmpty()) {
            throw Refusal.validation("The order request is invalid", fieldErrors(violations), request.clientOrderId());
        }
        if (idempotencyKey != null && !idempotencyKey.equals(request.clientOrderId())) {
            throw Refusal.validation("The Idempotency-Key header must equal clientOrderId",
                    List.of(new FieldError("Idempotency-Key", "must equal clientOrderId '" + request.clientOrderId() + "'")),
                    request.clientOrderId());
        }
        String fingerprint = request.fingerprint();
        IntakeCommits.Written written;
        try {
            checkGates(request);
            SymbolFilters rules = symbolRules(request);
            // a known client order id is not looked up first: its insert does nothing and it is answered as a
            // replay in the same shared transaction
            written = commits.write(request.symbol() + " " + request.clientOrderId(), new RequestWork(request, fingerprint, rules));
        } catch (Refusal refusal) {
            // a replay is answered from the stored order whatever would refuse a new order now
            if (orders.find(request.clientOrderId()).isPresent()) {
                return replay(request, fingerprint);
            }
            throw refusal;
        }
        if (!written.created()) {
            replayed(written.order());
            return new Result(written.order(), false);
        }
        accepted.increment();
        return new Result(written.order(), true);
    }

    private void checkTradingState(OrderRequest request, TradingState state) {
        if (request.intent() == Intent.ENTRY && !state.allowsEntries() || !state.allowsExits()) {
            throw new Refusal(409, "trading-state", "Trading state refuses this order",
                    "Trading state is " + state + ": " + (state == TradingState.HALTED ? "no new orders" : "exits only"),
                    List.of(new FieldError("intent", request.intent() + " not allowed while " + state)),
                    request.clientOrderId(), null);
        }
    }

    private void checkGates(OrderRequest request) {
        int backlog = submissions.backlog();
        if (request.intent() == Intent.ENTRY && backlog >= config.submission().maxBacklog()) {
            throw new Refusal(503, "submission-backlog", "Service temporarily unavailable",
                    backlog + " orders are waiting to be sent to the exchange (limit "
                            + config.submission().maxBacklog() + "): a new entry would leave late; exits are still taken",
                    List.of(), request.clientOrderId(), config.retryAfterSeconds());
        }
        if (request.intent() == Intent.ENTRY && !reconcileGate.entriesOpen()) {
            throw new Refusal(503, "startup-reconciliation", "Service temporarily unavailable",
                    "Entries are refused until the startup reconciliation has finished (" + reconcileGate.phase() + ")",
                    List.of(), request.clientOrderId(), config.retryAfterSeconds());
        }
        checkGuards(request);
    }

    /**
     * With fail-closed guards and none able to answer, an entry would be accepted only to be blocked by the
     * guard timeout seconds later; the strategy learns it now and retries the same client order id.
     */
    private void checkGuards(OrderRequest request) {
        if (request.intent() != Intent.ENTRY || !guardsRequired() || !config.guards().failClosed()) {
            return;
        }
        guards.unavailableReason().ifPresent(reason -> {
            throw new Refusal(503, "guards-unavailable", "Service temporarily unavailable",
                    "Entries need a guard decision and " + reason + "; retry with the same clientOrderId; exits are still taken",
                    List.of(), request.clientOrderId(), config.retryAfterSeconds());
        });
        guardBacklog.overloadReason().ifPresent(reason -> {
            throw new Refusal(503, "guards-backlog", "Service temporarily unavailable",
                    "The entry guards are behind: " + reason + "; a new entry would likely be blocked by the guard timeout "
                            + "(" + config.guards().timeout().toMillis() + " ms); retry with the same clientOrderId; exits are still taken",
                    List.of(), request.clientOrderId(), config.retryAfterSeconds());
        });
    }

    private SymbolFilters symbolRules(OrderRequest request) {
        Optional<SymbolFilters> rules;
        try {
            rules = filters.filters(request.symbol());
        } catch (VenueUnavailableException e) {
            throw new Refusal(503, "exchange-unavailable", "Service temporarily unavailable",
                    "The exchange's symbol rules could not be loaded: " + e.getMessage(), List.of(), request.clientOrderId(),
                    config.retryAfterSeconds());
        }
        if (rules.isEmpty()) {
            throw Refusal.validation("Unknown symbol " + request.symbol(),
                    List.of(new FieldError("symbol", "not listed by the exchange")), request.clientOrderId());
        }
        List<SymbolFilters.Violation> violations = rules.get().check(request.quantity(), request.price(),
                request.referencePrice(), request.type() == OrderType.MARKET);
        if (!violations.isEmpty()) {
            throw Refusal.validation("The order breaks the exchange's rules for " + request.symbol(),
                    fieldErrors(violations), request.clientOrderId());
        }
        return rules.get();
    }

    /** A new order's part of the intake transaction it shares with the orders arriving meanwhile. */
    private final class RequestWork implements IntakeCommits.NewOrderWork {

        private final OrderRequest request;
        private final String fingerprint;
        private final SymbolFilters rules;

        RequestWork(OrderRequest request, String fingerprint, SymbolFilters rules) {
            this.request = request;
            this.fingerprint = fingerprint;
            this.rules = rules;
        }

        /** An exit capped to the position reads the exits written before it, in this transaction too. */
        @Override
        public boolean readsEarlierOrders() {
            return capsExit();
        }

        private boolean capsExit() {
            return request.intent() == Intent.EXIT && request.side() == Side.SELL && flags.isEnabled(FeatureFlag.ENABLE_CONSOLIDATED_EXITS);
        }

        @Override
        public OrderRepository.NewOrder prepare(TradingState tradingState) {
            checkTradingState(request, tradingState);
            BigDecimal quantity = request.quantity();
            String cause = "accepted";
            if (capsExit()) {
                quantity = exitQuantity(request, rules);
                if (quantity.compareTo(request.quantity()) != 0) {
                    cause = "accepted; exit capped from " + request.quantity().toPlainString() + " to the position held";
                }
            }
            OrderState state = OrderState.accepted(request.clientOrderId(), request.symbol(), request.side(), request.type(),
                    request.intent(), request.strategyId(), quantity, request.price(), request.referencePrice(), Instant.now());
            return new OrderRepository.NewOrder(state, request.effectiveTimeInForce(), request.ttlSeconds(), fingerprint, cause);
        }

        @Override
        public void checkReplay(StoredOrder known) {
            OrderIntake.this.checkReplay(request, fingerprint, known);
        }

        @Override
        public StoredOrder afterInsert(StoredOrder stored) {
            if (request.intent() != Intent.ENTRY || !guardsRequired()) {
                return stored;
            }
            OrderState state = stored.state();
            var outcome = lifecycle.apply(stored, new OrderEvent.GuardsRequested(state.acceptedAt()));
            guardBacklog.sent();
            events.publish(state.symbol(), state.clientOrderId(), EventType.ORDER_INTENT, new OrderIntent(
                    state.clientOrderId(), state.symbol(), state.side(), state.type(), state.quantity(), state.price(),
                    stored.timeInForce(), state.intent(), state.referencePrice(), state.strategyId(),
                    stored.ttlSeconds(), state.acceptedAt()));
            return outcome.order().orElse(stored);
        }
    }

    /** Never sell more than is held: the exit is capped to the position minus the open exits. */
    private BigDecimal exitQuantity(OrderRequest request, SymbolFilters rules) {
        var position = positions.findForUpdate(request.symbol()); // serialises exits of the symbol
        BigDecimal held = position == null ? BigDecimal.ZERO : position.quantity();
        List<OrderRepository.OpenExit> openExits = orders.openExits(request.symbol(), request.clientOrderId());
        BigDecimal open = openExits.stream().map(OrderRepository.OpenExit::remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal available = held.subtract(open);
        if (rules.stepSize() != null && rules.stepSize().signum() > 0 && available.signum() > 0) {
            available = available.divide(rules.stepSize(), 0, RoundingMode.DOWN).multiply(rules.stepSize());
        }
        if (available.signum() <= 0) {
            throw new Refusal(409, "exit-covered", "Nothing left to sell",
                    "Position " + held.stripTrailingZeros().toPlainString() + " " + request.symbol() + " is already covered by open exits of "
                            + open.stripTrailingZeros().toPlainString() + ": " + describe(openExits),
                    List.of(new FieldError("quantity", "exceeds the position not yet covered by open exits")),
                    request.clientOrderId(), null);
        }
        return request.quantity().min(available);
    }

    /** The covering exits by client order id, so a strategy sees which order sells its position. */
    private static String describe(List<OrderRepository.OpenExit> exits) {
        String listed = exits.stream().limit(5)
                .map(e -> e.clientOrderId() + " (" + e.remaining().stripTrailingZeros().toPlainString() + ")")
                .collect(Collectors.joining(", "));
        return exits.size() > 5 ? listed + " and " + (exits.size() - 5) + " more" : listed;
    }

    /**
     * A replay of a known order while a new order would be refused (backlog, gates): answered in a transaction
     * of its own. It reads the order and records itself in a row of its own, so replays of one order never
     * wait for each other or for the order's transitions on its row lock.
     */
    @Transactional
    Result replay(OrderRequest request, String fingerprint) {
        StoredOrder order = orders.find(request.clientOrderId()).orElseThrow();
        checkReplay(request, fingerprint, order);
        long count = orders.recordReplays(List.of(request.clientOrderId())).get(request.clientOrderId());
        events.publish(order.state().symbol(), order.clientOrderId(), List.of(OrderStateMachine.replayedEvent(order.state(), count, Instant.now())));
        StoredOrder replayed = order.withReplayCount(count);
        replayed(replayed);
        return new Result(replayed, false);
    }

    private void replayed(StoredOrder order) {
        duplicates.increment();
        LOG.debugf("Replay %d of %s answered from the stored order (%s)", order.replayCount(), order.clientOrderId(), order.state().status());
    }

    /** Refuses a request that reuses a known order's client order id when it may not be answered with that order. */
    private void checkReplay(OrderRequest request, String fingerprint, StoredOrder order) {
        if (!flags.isEnabled(FeatureFlag.ENABLE_COID_MANAGER)) {
            throw new Refusal(409, "coid-in-use", "Client order id already used",
                    "An order with this clientOrderId exists; replays are answered only with ENABLE_COID_MANAGER on",
                    List.of(new FieldError("clientOrderId", "already used")), request.clientOrderId(), null);
        }
        if (!order.requestHash().equals(fingerprint)) {
            throw new Refusal(422, "coid-conflict", "Client order id reused with a different order",
                    "clientOrderId " + request.clientOrderId() + " belongs to a different order; a new order needs a new clientOrderId",
                    List.of(new FieldError("clientOrderId", "already used for an order with different terms")),
                    request.clientOrderId(), null);
        }
    }

    private static List<FieldError> fieldErrors(List<SymbolFilters.Violation> violations) {
        return violations.stream().map(v -> new FieldError(v.field(), v.message())).toList();
    }
}
