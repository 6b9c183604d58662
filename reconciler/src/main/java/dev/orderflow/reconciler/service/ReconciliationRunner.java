package dev.orderflow.reconciler.service;

import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.ReconciliationFinding;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.reconciler.config.ReconcilerConfig;
import dev.orderflow.reconciler.domain.ExchangeView;
import dev.orderflow.reconciler.domain.FindingKind;
import dev.orderflow.reconciler.domain.LocalOrder;
import dev.orderflow.reconciler.domain.Reconciliation;
import dev.orderflow.reconciler.messaging.EventSender;
import dev.orderflow.reconciler.persistence.RunRepository;
import dev.orderflow.reconciler.persistence.StoredRun;
import dev.orderflow.reconciler.persistence.TrackedOrderRepository;
import dev.orderflow.reconciler.persistence.VenueDuplicateRepository;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueResult;
import dev.orderflow.venue.VenueTrade;
import dev.orderflow.venue.VenueUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs reconciliations: claims the run id, publishes STARTED, asks the exchange, compares
 * ({@link Reconciliation}), sends the commands, stores and publishes FINISHED, or FAILED with the error.
 * One run at a time per instance. A request whose run already FINISHED is answered with the stored
 * outcome; a request for a run that FAILED runs it again under the same id (same command ids).
 */
@ApplicationScoped
public class ReconciliationRunner {

    public static final String STARTUP = "STARTUP";
    public static final String PERIODIC = "PERIODIC";
    private static final Logger LOG = Logger.getLogger(ReconciliationRunner.class);

    private final TrackedOrderRepository orders;
    private final RunRepository runs;
    private final VenueDuplicateRepository duplicates;
    private final Venue exchange;
    private final EventSender sender;
    private final ReconcilerConfig config;
    private final MeterRegistry registry;
    private final Reconciliation reconciliation;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger consecutiveExchangeFailures = new AtomicInteger();
    private final Object onDemandStarts = new Object();
    private Underway lastOnDemand;
    private volatile Underway underway;

    private record Underway(String runId, Instant startedAt) {
    }

    public ReconciliationRunner(TrackedOrderRepository orders, RunRepository runs, VenueDuplicateRepository duplicates,
            Venue exchange, EventSender sender, ReconcilerConfig config, ServiceConfig service, Flags flags,
            MeterRegistry registry) {
        this.orders = orders;
        this.runs = runs;
        this.duplicates = duplicates;
        this.exchange = exchange;
        this.sender = sender;
        this.config = config;
        this.registry = registry;
        this.reconciliation = new Reconciliation(service.serviceName(), config.gracePeriod(), config.unresolvedGracePeriod(),
                config.orderTtl(), flags.isEnabled(FeatureFlag.USE_FIRST_FILL_TS_FOR_TTL));
        registry.gauge("orderflow_reconciliation_exchange_consecutive_failures", consecutiveExchangeFailures);
        for (FindingKind kind : List.of(FindingKind.ORPHAN_AT_EXCHANGE, FindingKind.SECOND_VENUE_ORDER)) {
            venueDuplicates(kind.name()); // a series at 0 from the start: "no duplicates" is a value, not a missing series
        }
    }

    /** Orders at the exchange that no accepted request asked for, each counted once, by finding kind. */
    private Counter venueDuplicates(String kind) {
        return Counter.builder("orderflow_venue_duplicate_orders_total").tag("kind", kind)
                .description("Orders at the exchange that no accepted request asked for, found by reconciliation, each counted once")
                .register(registry);
    }

    /** Consecutive runs that failed because the exchange could not be asked (0 after a successful run). */
    public int consecutiveExchangeFailures() {
        return consecutiveExchangeFailures.get();
    }

    /** Answers a STARTUP request: runs it, or re-publishes the stored outcome of a run that already finished. */
    public Optional<StoredRun> onRequest(String runId, String requestedBy) {
        return run(runId, STARTUP, requestedBy);
    }

    /** A PERIODIC run with a fresh run id. */
    public Optional<StoredRun> periodic() {
        return run(PERIODIC.toLowerCase() + "-" + UUID.randomUUID(), PERIODIC, "schedule");
    }

    /** What became of a run an operator asked for. */
    public sealed interface OnDemand {
        /** It ran, FINISHED or FAILED. */
        record Ran(StoredRun run) implements OnDemand {
        }

        /** Another run of this instance is under way; asked again after it, this one runs. */
        record UnderWay(String runId, Instant since) implements OnDemand {
        }

        /** The last one started less than {@code reconciler.on-demand-min-interval} ago. */
        record TooSoon(String lastRunId, Duration retryAfter) implements OnDemand {
        }
    }

    /**
     * A run an operator asked for: the checks of a periodic run, now, with run id {@code manual-<uuid>}. Answers at
     * once instead of queueing behind a run under way, and starts at most one per
     * {@code reconciler.on-demand-min-interval}, so repeated requests neither pile up nor spend the exchange's weight.
     */
    public OnDemand onDemand(String requestedBy) {
        String runId = "manual-" + UUID.randomUUID();
        synchronized (onDemandStarts) {
            Instant now = Instant.now();
            Instant allowedAt = lastOnDemand == null ? now : lastOnDemand.startedAt().plus(config.onDemandMinInterval());
            if (now.isBefore(allowedAt)) {
                return new OnDemand.TooSoon(lastOnDemand.runId(), Duration.between(now, allowedAt));
            }
            if (!lock.tryLock()) {
                Underway current = underway;
                return new OnDemand.UnderWay(current == null ? null : current.runId(), current == null ? null : current.startedAt());
            }
            lastOnDemand = new Underway(runId, now);
        }
        try {
            return new OnDemand.Ran(run(runId, PERIODIC, requestedBy).orElseThrow());
        } finally {
            lock.unlock();
        }
    }

    Optional<StoredRun> run(String runId, String kind, String requestedBy) {
        lock.lock();
        try {
            Instant now = Instant.now();
            RunRepository.Claim claim = QuarkusTransaction.requiringNew()
                    .call(() -> runs.claim(runId, kind, requestedBy, now, now.minus(config.staleRunAfter())));
            switch (claim) {
                case RunRepository.Claim.Ended ended -> {
                    LOG.infof("Run %s already %s: publishing its outcome again", runId, ended.run().phase());
                    publishOutcome(ended.run());
                    registry.counter("orderflow_reconciliation_requests_repeated_total").increment();
                    return Optional.of(ended.run());
                }
                case RunRepository.Claim.Running running -> {
                    LOG.infof("Run %s is under way since %s; not starting it twice", runId, running.run().startedAt());
                    return Optional.empty();
                }
                case RunRepository.Claim.Run r -> {
                    if (r.again()) {
                        LOG.warnf("Run %s failed or was left unfinished before; running it again", runId);
                    }
                    underway = new Underway(runId, now);
                    try {
                        return Optional.of(execute(runId, kind, requestedBy, now));
                    } finally {
                        underway = null;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private StoredRun execute(String runId, String kind, String requestedBy, Instant startedAt) {
        long t0 = System.nanoTime();
        sender.run(UUID.randomUUID().toString(),
                new ReconciliationRun(runId, kind, "STARTED", requestedBy, startedAt, null, List.of(), null));
        LOG.infof("Reconciliation %s (%s, requested by %s) started", runId, kind, requestedBy);
        String phase;
        List<ReconciliationFinding> findings = List.of();
        int sent = 0;
        String error = null;
        try {
            Instant now = Instant.now();
            List<LocalOrder> toCheck = reconciliation.toCheck(orders.unfinished(), now);
            ExchangeView view = askExchange(toCheck);
            var known = orders.known(view.openOrders().stream().map(VenueOrder::clientOrderId)
                    .filter(c -> c != null).toList());
            Reconciliation.Result result = reconciliation.reconcile(runId, toCheck, known, view, now);
            consecutiveExchangeFailures.set(0);
            for (OrderCommand command : result.commands()) {
                sender.command(command);
                sent++;
                registry.counter("orderflow_reconciliation_commands_total", "command", command.command().name()).increment();
            }
            findings = result.findings();
            findings.forEach(f -> registry.counter("orderflow_reconciliation_findings_total", "kind", f.kind()).increment());
            phase = "FINISHED";
        } catch (VenueUnavailableException e) {
            consecutiveExchangeFailures.incrementAndGet();
            phase = "FAILED";
            error = "exchange: " + e.getMessage();
        } catch (RuntimeException e) {
            phase = "FAILED";
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("Reconciliation " + runId + " failed", e);
        }
        Instant finishedAt = Instant.now();
        String eventId = UUID.randomUUID().toString();
        String endPhase = phase;
        String endError = error;
        List<ReconciliationFinding> endFindings = findings;
        int endSent = sent;
        List<ReconciliationFinding> newDuplicates = QuarkusTransaction.requiringNew().call(() -> {
            runs.end(runId, endPhase, finishedAt, endFindings, endSent, endError, eventId);
            return duplicates.recordFirstReports(runId, endFindings, finishedAt);
        });
        for (ReconciliationFinding duplicate : newDuplicates) {
            venueDuplicates(duplicate.kind()).increment();
            LOG.errorf("Venue duplicate %s: %s exchange order %s (client order id %s): %s", duplicate.kind(), duplicate.symbol(),
                    duplicate.exchangeOrderId(), duplicate.clientOrderId(), duplicate.detail());
        }
        StoredRun stored = new StoredRun(runId, kind, phase, requestedBy, startedAt, finishedAt, findings, sent, error, eventId);
        publishOutcome(stored);
        long nanos = System.nanoTime() - t0;
        Timer.builder("orderflow_reconciliation_run_duration_seconds").tag("kind", kind).publishPercentileHistogram()
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        registry.counter("orderflow_reconciliation_runs_total", "kind", kind, "outcome", phase.toLowerCase()).increment();
        if ("FINISHED".equals(phase)) {
            LOG.infof("Reconciliation %s finished in %d ms: %d findings, %d commands", runId, nanos / 1_000_000, findings.size(), sent);
        } else {
            LOG.errorf("Reconciliation %s failed: %s", runId, error);
        }
        return stored;
    }

    private ExchangeView askExchange(List<LocalOrder> toCheck) {
        List<VenueOrder> open = exchange.openOrders();
        Map<String, VenueOrder> openByCoid = new HashMap<>();
        open.forEach(o -> openByCoid.put(o.clientOrderId(), o));
        Map<String, Optional<VenueOrder>> lookups = new HashMap<>();
        Map<String, List<VenueTrade>> trades = new HashMap<>();
        for (LocalOrder order : toCheck) {
            VenueOrder found = openByCoid.get(order.clientOrderId());
            if (found == null) {
                Optional<VenueOrder> lookup = lookup(order.symbol(), order.clientOrderId());
                lookups.put(order.clientOrderId(), lookup);
                found = lookup.orElse(null);
            }
            BigDecimal localExecuted = order.executedQuantity() == null ? BigDecimal.ZERO : order.executedQuantity();
            if (found != null && found.executedQuantity() != null && found.executedQuantity().compareTo(localExecuted) > 0
                    && !trades.containsKey(found.exchangeOrderId())) {
                trades.put(found.exchangeOrderId(), exchange.trades(found.symbol(), found.exchangeOrderId()));
            }
        }
        return new ExchangeView(open, lookups, trades);
    }

    /**
     * The order by its client order id; empty when the venue does not know it.
     *
     * @throws VenueUnavailableException for any other answer than the order or "not found"
     */
    private Optional<VenueOrder> lookup(String symbol, String clientOrderId) {
        return switch (exchange.query(symbol, clientOrderId)) {
            case VenueResult.Ok ok -> Optional.of(ok.order());
            case VenueResult.NotFound notFound -> Optional.empty();
            case VenueResult.Rejected r -> throw new VenueUnavailableException("GET /api/v3/order refused: " + r.describe(), null);
            case VenueResult.Unknown u -> throw new VenueUnavailableException("order query without answer: " + u.reason(), null);
            case VenueResult.Throttled t -> throw new VenueUnavailableException("order query throttled: HTTP " + t.httpStatus(), null);
            case VenueResult.NotSent n -> throw new VenueUnavailableException("exchange unreachable: " + n.reason(), null);
        };
    }

    private void publishOutcome(StoredRun run) {
        sender.run(run.resultEventId() == null ? UUID.randomUUID().toString() : run.resultEventId(),
                new ReconciliationRun(run.runId(), run.kind(), run.phase(), run.requestedBy(), run.startedAt(), run.finishedAt(),
                        run.findings(), run.error()));
    }
}
