package dev.orderflow.gateway.service;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.persistence.StoredOrder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Hands orders to the submission workers after their intake committed. Work lives in Postgres (the
 * order's status), so a lost hand-off is found again by the sweeps; this queue only makes the
 * common case immediate. An order is worked on by one thread of this instance at a time.
 */
@ApplicationScoped
public class SubmissionQueue {

    private static final Logger LOG = Logger.getLogger(SubmissionQueue.class);

    private final ExecutorService workers;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Provider<OrderSubmitter> submitter;

    @Inject
    public SubmissionQueue(GatewayConfig config, Provider<OrderSubmitter> submitter, MeterRegistry registry) {
        this.submitter = submitter;
        Gauge.builder("orderflow_submission_backlog", inFlight, Set::size)
                .description("Orders waiting for a submission worker or being worked on").register(registry);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.submission().workers(),
                r -> Thread.ofPlatform().name("submission-" + n.incrementAndGet()).daemon().unstarted(r));
    }

    /** Submits the order (or goes on with it) soon, unless this instance is already working on it. */
    public void enqueue(String clientOrderId) {
        run(clientOrderId, () -> submitter.get().submit(clientOrderId));
    }

    /** As {@link #enqueue(String)}, for an order its caller has just stored: the worker does not read it again. */
    public void enqueue(StoredOrder order) {
        run(order.clientOrderId(), () -> submitter.get().submit(order));
    }

    /** Runs work on an order on a submission worker, one task per order at a time. */
    public void run(String clientOrderId, Runnable task) {
        if (!inFlight.add(clientOrderId)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Work on order %s failed, the sweep retries: %s", clientOrderId, e.getMessage());
                } finally {
                    inFlight.remove(clientOrderId);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(clientOrderId);
            throw e;
        }
    }

    public boolean isInFlight(String clientOrderId) {
        return inFlight.contains(clientOrderId);
    }

    /** Orders handed to the workers and not finished yet: waiting for a worker or being worked on. */
    public int backlog() {
        return inFlight.size();
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }
}
