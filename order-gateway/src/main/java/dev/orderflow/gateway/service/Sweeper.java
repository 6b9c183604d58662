package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.messaging.outbox.OutboxRelay;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.platform.persistence.BatchedDelete;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/**
 * Finishes whatever a crash, a lost hand-off or a silent dependency left behind, from the order
 * table alone: accepted orders not yet sent, guard waits that timed out, submissions without a
 * recorded answer, unknown outcomes due for a status query, open orders to poll, and the COID
 * retention purge.
 */
@ApplicationScoped
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);
    private static final int BATCH = 100;

    private final OrderRepository orders;
    private final OrderSubmitter submitter;
    private final OrderLifecycle lifecycle;
    private final ExecutionTracker executions;
    private final SubmissionQueue queue;
    private final OutboxRelay relay;
    private final GatewayConfig config;
    private final AtomicLong registrySize = new AtomicLong();
    private final MeterRegistry registry;

    public Sweeper(OrderRepository orders, OrderSubmitter submitter, OrderLifecycle lifecycle, ExecutionTracker executions,
            SubmissionQueue queue, OutboxRelay relay, GatewayConfig config, MeterRegistry registry) {
        this.orders = orders;
        this.submitter = submitter;
        this.lifecycle = lifecycle;
        this.executions = executions;
        this.queue = queue;
        this.relay = relay;
        this.config = config;
        this.registry = registry;
        Gauge.builder("orderflow_coid_registry_size", registrySize, AtomicLong::get)
                .description("Orders (client order ids) held in the registry").register(registry);
        if (config.retention().coidRetention().compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalStateException("gateway.retention.coid-retention must be at least 24h, is "
                    + config.retention().coidRetention());
        }
    }

    @Scheduled(every = "${gateway.sweep.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            guardTimeouts();
            if (!submitter.enabled()) {
                return;
            }
            Instant now = Instant.now();
            for (StoredOrder order : orders.findStale(OrderStatus.ACCEPTED, now.minusSeconds(2), BATCH)) {
                queue.enqueue(order.clientOrderId());
            }
            for (StoredOrder order : orders.findStale(OrderStatus.PENDING_GUARDS, now.minusSeconds(1), BATCH)) {
                queue.enqueue(order.clientOrderId()); // goes on only if a decision was stored
            }
            Instant silentSince = now.minus(config.submission().requestTimeout()).minusSeconds(30);
            for (StoredOrder order : orders.findStale(OrderStatus.SUBMITTING, silentSince, BATCH)) {
                if (!queue.isInFlight(order.clientOrderId())) {
                    queue.run(order.clientOrderId(), () -> QuarkusTransaction.requiringNew().run(() -> {
                        var outcome = lifecycle.apply(order.clientOrderId(),
                                new OrderEvent.OutcomeUnknown("no answer recorded for the submission", Instant.now()));
                        if (outcome.applied()) {
                            orders.scheduleCheck(order.id(), 0, Instant.now());
                        }
                    }));
                }
            }
            for (StoredOrder order : orders.findDueChecks(now, BATCH)) {
                queue.run(order.clientOrderId(), () -> submitter.resolve(order.clientOrderId()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Sweep failed: %s", e.getMessage());
        }
    }

    private void guardTimeouts() {
        Instant waitedSince = Instant.now().minus(config.guards().timeout());
        for (StoredOrder order : orders.findStale(OrderStatus.PENDING_GUARDS, waitedSince, BATCH)) {
            queue.run(order.clientOrderId() + "#guard", () -> {
                // a decision that arrived in time wins: only orders still without one time out
                if (submitter.enabled() && hasDecision(order)) {
                    queue.enqueue(order.clientOrderId());
                    return;
                }
                submitter.guardTimedOut(order.clientOrderId());
            });
        }
    }

    private boolean hasDecision(StoredOrder order) {
        return orders.find(order.clientOrderId()).map(o -> o.state().status() != OrderStatus.PENDING_GUARDS).orElse(true)
                || orders.hasGuardDecision(order.id());
    }

    /** Polls open orders at the exchange: the fallback when execution reports are missed. */
    @Scheduled(every = "${gateway.executions.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pollOpenOrders() {
        if (!submitter.enabled()) {
            return;
        }
        try {
            for (StoredOrder order : orders.findOpenAtExchange(BATCH)) {
                queue.run(order.clientOrderId(), () -> executions.refresh(order.clientOrderId()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Execution poll failed: %s", e.getMessage());
        }
    }

    /**
     * Retention: terminal orders older than the COID retention go, in batches (open orders never), and
     * so do outbox rows published longer ago than the outbox retention.
     */
    @Scheduled(every = "${gateway.retention.purge-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledPurge() {
        purge();
        purgeOutbox();
    }

    /** Deletes published outbox rows older than {@code gateway.outbox.retention}; returns how many. */
    public int purgeOutbox() {
        int total = 0;
        try {
            Instant cutoff = Instant.now().minus(config.outbox().retention());
            total = deleteInBatches(batch -> relay.purgePublished(cutoff, batch));
            if (total > 0) {
                LOG.infof("Outbox retention: deleted %d rows published before %s", total, cutoff);
                registry.counter("orderflow_outbox_purged_total").increment(total);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox purge failed: %s", e.getMessage());
        }
        return total;
    }

    public int purge() {
        int total = 0;
        try {
            Instant cutoff = Instant.now().minus(config.retention().coidRetention());
            total = deleteInBatches(batch -> orders.purgeTerminal(cutoff, batch));
            registrySize.set(orders.count());
            if (total > 0) {
                LOG.infof("COID retention: purged %d terminal orders older than %s", total, cutoff);
                registry.counter("orderflow_coid_purged_total").increment(total);
            }
        } catch (RuntimeException e) {
            LOG.warnf("COID purge failed: %s", e.getMessage());
        }
        return total;
    }

    /** Deletes batch by batch, each in its own short transaction, until a batch comes back short. */
    private int deleteInBatches(IntUnaryOperator deleteUpTo) {
        return BatchedDelete.untilShort(config.retention().purgeBatchSize(),
                batch -> QuarkusTransaction.requiringNew().call(() -> deleteUpTo.applyAsInt(batch)));
    }

    @Scheduled(every = "30s", delayed = "2s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void measureRegistry() {
        try {
            registrySize.set(orders.count());
        } catch (RuntimeException e) {
            LOG.debugf("Registry size not measured: %s", e.getMessage());
        }
    }
}
