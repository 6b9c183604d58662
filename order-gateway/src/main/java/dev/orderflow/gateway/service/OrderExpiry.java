package dev.orderflow.gateway.service;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.domain.OrderTtl;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.platform.config.Flags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Enforces each order's own time to live (the request's {@code ttlSeconds}): an order whose TTL ran out
 * is canceled, locally while it waits for the guards or a worker, at the exchange once it is there.
 * Orders whose submission outcome is still being resolved are canceled once it is known. The TTL
 * counts from the first fill when USE_FIRST_FILL_TS_FOR_TTL is on ({@link OrderTtl}).
 */
@ApplicationScoped
public class OrderExpiry {

    private static final Logger LOG = Logger.getLogger(OrderExpiry.class);
    private static final int BATCH = 100;

    private final OrderRepository orders;
    private final OrderCancellation cancellation;
    private final SubmissionQueue queue;
    private final OrderSubmitter submitter;
    private final Flags flags;
    private final Counter expired;

    public OrderExpiry(OrderRepository orders, OrderCancellation cancellation, SubmissionQueue queue, OrderSubmitter submitter,
            Flags flags, MeterRegistry registry) {
        this.orders = orders;
        this.cancellation = cancellation;
        this.queue = queue;
        this.submitter = submitter;
        this.flags = flags;
        this.expired = Counter.builder("orderflow_orders_ttl_expired_total")
                .description("Orders canceled because their own ttlSeconds ran out").register(registry);
    }

    @Scheduled(every = "${gateway.sweep.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        if (!submitter.enabled()) {
            return;
        }
        try {
            boolean fromFirstFill = flags.isEnabled(FeatureFlag.USE_FIRST_FILL_TS_FOR_TTL);
            Instant now = Instant.now();
            for (StoredOrder order : orders.findTtlExpired(now, fromFirstFill, BATCH)) {
                OrderTtl.expired(order.ttlSeconds(), order.state().acceptedAt(), order.state().firstFillAt(), fromFirstFill, now)
                        .ifPresent(reason -> queue.run(order.clientOrderId(), () -> cancel(order, reason)));
            }
        } catch (RuntimeException e) {
            LOG.warnf("TTL sweep failed: %s", e.getMessage());
        }
    }

    private void cancel(StoredOrder order, String reason) {
        // read again on the worker: a fill or a cancel may have ended the order since the sweep saw it
        orders.find(order.clientOrderId()).filter(current -> !current.state().status().isTerminal()).ifPresent(current -> {
            StoredOrder after = cancellation.cancel(current, reason);
            if (after.state().status().isTerminal()) {
                expired.increment();
                LOG.infof("Order %s %s: %s", current.clientOrderId(), after.state().status(), reason);
            }
        });
    }
}
