package dev.orderflow.reconciler.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.persistence.DatabaseOutages;
import dev.orderflow.reconciler.persistence.TrackedOrderRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the local view of the gateway's orders from {@code orders.events}: state changes and fills.
 * Each event id is applied once (processed_event, same transaction), so an event whose transaction met
 * a database outage is applied again, whole, once Postgres is back.
 */
@ApplicationScoped
public class OrderEventConsumer {

    private static final Logger LOG = Logger.getLogger(OrderEventConsumer.class);

    private final TrackedOrderRepository orders;
    private final MeterRegistry registry;
    private final DatabaseOutages outages;

    public OrderEventConsumer(TrackedOrderRepository orders, MeterRegistry registry, DatabaseOutages outages) {
        this.orders = orders;
        this.registry = registry;
        this.outages = outages;
    }

    @Incoming("order-events")
    @Blocking
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventMessages.fromRecord(record);
        } catch (RuntimeException e) {
            LOG.errorf("Skipping invalid order event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            registry.counter("orderflow_reconciler_events_total", "outcome", "invalid").increment();
            return;
        }
        if (!(event.data() instanceof OrderStateChanged) && !(event.data() instanceof OrderFill)) {
            return; // slippage, duplicates, throttling: not about the order's state
        }
        outages.retryWhileDown("order-events", () -> QuarkusTransaction.requiringNew().run(() -> apply(event)));
    }

    private void apply(EventEnvelope<?> event) {
        if (!orders.markProcessed(event.id())) {
            registry.counter("orderflow_reconciler_events_total", "outcome", "duplicate").increment();
            return;
        }
        switch (event.data()) {
            case OrderStateChanged s -> {
                Instant at = s.at() == null ? event.time() : s.at();
                orders.apply(s.clientOrderId(), s.symbol(), s.side(), s.to(), s.exchangeOrderId(), s.quantity(),
                        s.executedQuantity(), at);
                if (s.ttlSeconds() != null) {
                    orders.ownTtl(s.clientOrderId(), s.ttlSeconds());
                }
                if (s.to() == OrderStatus.SUBMITTING || s.to() == OrderStatus.ACKNOWLEDGED) {
                    orders.placed(s.clientOrderId(), at);
                }
            }
            case OrderFill f -> {
                OrderStatus status = event.type() == EventType.ORDER_FILLED ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
                orders.apply(f.clientOrderId(), f.symbol(), f.side(), status, f.exchangeOrderId(), f.orderQuantity(),
                        f.cumulativeQuantity(), f.filledAt() == null ? event.time() : f.filledAt());
                orders.placed(f.clientOrderId(), f.firstFillAt() == null ? event.time() : f.firstFillAt());
                orders.filledAt(f.clientOrderId(), f.firstFillAt() != null ? f.firstFillAt()
                        : f.filledAt() != null ? f.filledAt() : event.time());
                if (f.tradeId() != null) {
                    orders.tradeSeen(f.symbol(), f.tradeId(), f.clientOrderId());
                }
            }
            default -> {
            }
        }
        registry.counter("orderflow_reconciler_events_total", "outcome", "applied").increment();
    }
}
