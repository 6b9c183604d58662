package dev.orderflow.gateway.service;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.GuardQueue;
import dev.orderflow.gateway.persistence.OrderRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * How far behind the entry guards are, counted from the orders table every
 * {@code gateway.guards.backlog-interval} (so every instance's entries count) and kept up to date in
 * between with the entries this instance sends. The intake reads the last count and never queries for it.
 */
@ApplicationScoped
public class GuardBacklog {

    private static final Logger LOG = Logger.getLogger(GuardBacklog.class);

    private final OrderRepository orders;
    private final GatewayConfig config;
    private final AtomicReference<GuardQueue> queue = new AtomicReference<>(GuardQueue.EMPTY);
    private volatile Instant lastWarned;

    public GuardBacklog(OrderRepository orders, GatewayConfig config, MeterRegistry registry) {
        this.orders = orders;
        this.config = config;
        Gauge.builder("orderflow_guard_waiting_entries", queue, q -> q.get().waiting() + q.get().sentSince())
                .description("Entries waiting for a guard decision (every instance's, as last counted, plus this "
                        + "instance's sent since)").register(registry);
        Gauge.builder("orderflow_guard_wait_oldest_seconds", queue, q -> oldestWait(q.get()))
                .description("How long the oldest entry waiting for a guard decision has waited").register(registry);
    }

    @Scheduled(every = "${gateway.guards.backlog-interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void count() {
        try {
            int sentBefore = queue.get().sentSince();
            OrderRepository.WaitingForGuards counted = orders.waitingForGuards();
            // entries sent while the count ran stay counted on top of it (one committed in that moment is
            // counted twice until the next count: refusing one entry too many is the cheaper mistake)
            queue.updateAndGet(q -> new GuardQueue(counted.entries(), counted.oldestSince(), Math.max(0, q.sentSince() - sentBefore)));
        } catch (RuntimeException e) {
            // the database is away: the intake fails on its own; an old count must not refuse entries later
            queue.set(GuardQueue.EMPTY);
        }
    }

    /** An entry's intent was handed to the guards. */
    void sent() {
        queue.updateAndGet(GuardQueue::withOneMoreSent);
    }

    /** Why a new entry would likely not get its decision within the guard timeout, or empty. */
    Optional<String> overloadReason() {
        Instant now = Instant.now();
        Optional<String> reason = queue.get().overload(now, config.guards().maxWait(), config.guards().maxWaiting());
        if (reason.isPresent() && (lastWarned == null || lastWarned.isBefore(now.minusSeconds(10)))) {
            lastWarned = now;
            LOG.warnf("Refusing entries with 503 until the guards catch up: %s", reason.get());
        }
        return reason;
    }

    private static double oldestWait(GuardQueue queue) {
        return queue.oldestSince() == null ? 0 : Math.max(0, Duration.between(queue.oldestSince(), Instant.now()).toMillis() / 1000.0);
    }
}
