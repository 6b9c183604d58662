package dev.orderflow.testing;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
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

/**
 * Reads events from a topic of the real broker the way a downstream consumer would: every record is
 * rebuilt from its {@code ce_*} headers and its payload is validated against its schema.
 */
public final class EventRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    public EventRecorder(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Waits until an event matching the predicate arrives, returning every event read so far. */
    public List<EventEnvelope<?>> awaitEvent(Predicate<EventEnvelope<?>> wanted, Duration timeout) {
        List<EventEnvelope<?>> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, byte[]> headers = new HashMap<>();
                record.headers().forEach(h -> headers.put(h.key(), h.value()));
                EventEnvelope<?> event = CloudEventHeaders.fromHeaders(headers, record.value());
                seen.add(event);
                if (wanted.test(event)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("No matching event within " + timeout + "; saw " + seen.size() + " events: "
                + seen.stream().map(e -> e.type() + "/" + e.subject()).toList());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
