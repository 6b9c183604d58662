package dev.orderflow.testing;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.InvalidEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * rebuilt from its {@code ce_*} headers and its payload is validated against its schema. Records
 * that break the contract never match; they are listed by {@link #rejected()}.
 */
public final class EventRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> rejected = new ArrayList<>();
    private final Deque<EventEnvelope<?>> unread = new ArrayDeque<>();

    public EventRecorder(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /**
     * Waits until an event matching the predicate arrives, returning every event read since the last
     * call. Events polled after the match are kept for the next call, so successive waits miss nothing.
     */
    public List<EventEnvelope<?>> awaitEvent(Predicate<EventEnvelope<?>> wanted, Duration timeout) {
        List<EventEnvelope<?>> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            while (!unread.isEmpty()) {
                EventEnvelope<?> event = unread.removeFirst();
                seen.add(event);
                if (wanted.test(event)) {
                    return seen;
                }
            }
            if (!Instant.now().isBefore(deadline)) {
                break;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, byte[]> headers = new HashMap<>();
                record.headers().forEach(h -> headers.put(h.key(), h.value()));
                try {
                    unread.addLast(CloudEventHeaders.fromHeaders(headers, record.value()));
                } catch (InvalidEventException e) {
                    // Another test may have put a deliberately broken record on the shared topic.
                    rejected.add(e.getMessage());
                }
            }
        }
        throw new AssertionError("No matching event within " + timeout + "; saw " + seen.size() + " events: "
                + seen.stream().map(e -> e.type() + "/" + e.subject()).toList());
    }

    /** Records on the topic that broke the event contract, with the reason. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
