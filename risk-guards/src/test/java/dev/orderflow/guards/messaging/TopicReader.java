package dev.orderflow.guards.messaging;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.InvalidEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads a topic of the real broker from the beginning and keeps every valid event, so that a test
 * can wait for several events in any order without losing the ones read while waiting for another.
 * Every record is rebuilt from its ce_* headers and schema-validated; the record key is kept.
 */
public final class TopicReader implements AutoCloseable {

    /** An event and the Kafka record key it came with. */
    public record Keyed(String key, EventEnvelope<?> event) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Keyed> seen = new ArrayList<>();

    public TopicReader(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** The first event (read before or now) matching the predicate. */
    public Keyed await(Predicate<EventEnvelope<?>> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (Keyed keyed : seen) {
                if (wanted.test(keyed.event())) {
                    return keyed;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No matching event within " + timeout + "; saw " + seen.size() + " events");
            }
            poll();
        }
    }

    /** Every event read so far that matches. */
    public List<EventEnvelope<?>> all(Predicate<EventEnvelope<?>> wanted) {
        poll();
        return seen.stream().map(Keyed::event).filter(wanted).toList();
    }

    /** The decision published for a client order id. */
    public GuardDecision decision(String clientOrderId, Duration timeout) {
        return (GuardDecision) await(e -> e.data() instanceof GuardDecision && clientOrderId.equals(e.subject()), timeout).event().data();
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            Map<String, byte[]> headers = new HashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), h.value()));
            try {
                seen.add(new Keyed(record.key(), CloudEventHeaders.fromHeaders(headers, record.value())));
            } catch (InvalidEventException e) {
                // deliberately broken records of other tests
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
