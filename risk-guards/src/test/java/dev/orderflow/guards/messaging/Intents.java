package dev.orderflow.guards.messaging;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.contracts.topics.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes intents to the real broker the way the gateway's outbox relay does. */
public final class Intents implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public Intents() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static String coid(String prefix) {
        return prefix + ":" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static OrderIntent entry(String coid, String symbol, Side side, String quantity) {
        return new OrderIntent(coid, symbol, side, OrderType.MARKET, new BigDecimal(quantity), null, null, Intent.ENTRY, null,
                "test-strategy", null, Instant.now());
    }

    public static OrderIntent limitEntry(String coid, String symbol, Side side, String quantity, String price) {
        return new OrderIntent(coid, symbol, side, OrderType.LIMIT, new BigDecimal(quantity), new BigDecimal(price), TimeInForce.GTC,
                Intent.ENTRY, null, "test-strategy", null, Instant.now());
    }

    public static OrderIntent exit(String coid, String symbol, String quantity) {
        return new OrderIntent(coid, symbol, Side.SELL, OrderType.MARKET, new BigDecimal(quantity), null, null, Intent.EXIT, null,
                "test-strategy", null, Instant.now());
    }

    public static EventEnvelope<OrderIntent> event(OrderIntent intent) {
        return EventEnvelope.of("/order-gateway", EventType.ORDER_INTENT, intent.clientOrderId(), intent);
    }

    /** Sends the event (again, when called twice with the same event: a redelivery) and waits for the broker. */
    public void send(EventEnvelope<OrderIntent> event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ORDER_INTENTS, event.data().symbol(), EventJson.toBytes(event.data()));
        CloudEventHeaders.toHeaders(event).forEach((name, value) -> record.headers().add(name, value));
        sendRaw(record);
    }

    public EventEnvelope<OrderIntent> send(OrderIntent intent) {
        EventEnvelope<OrderIntent> event = event(intent);
        send(event);
        return event;
    }

    /** Sends every intent without waiting in between (a burst), then waits for the broker to have them all. */
    public void sendAll(java.util.List<OrderIntent> burst) {
        java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (OrderIntent intent : burst) {
            EventEnvelope<OrderIntent> event = event(intent);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ORDER_INTENTS, intent.symbol(), EventJson.toBytes(intent));
            CloudEventHeaders.toHeaders(event).forEach((name, value) -> record.headers().add(name, value));
            sent.add(producer.send(record));
        }
        producer.flush();
        for (var future : sent) {
            try {
                future.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("intent not sent", e);
            }
        }
    }

    public void sendRaw(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("intent not sent", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
