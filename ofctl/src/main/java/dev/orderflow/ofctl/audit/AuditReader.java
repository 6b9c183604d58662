package dev.orderflow.ofctl.audit;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.InvalidEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics as an auditor: partitions assigned by hand, no consumer group, nothing committed, so reading
 * never moves anyone's offsets. Starts at a time or at the beginning; stops at the end offsets seen when it
 * started, or follows new records until {@link #stop()}.
 */
public final class AuditReader implements AutoCloseable {

    /** A record whose headers or payload break the contract; shown, never skipped silently. */
    public record Rejected(String topic, int partition, long offset, String problem) {
    }

    private final KafkaConsumer<String, byte[]> consumer;

    public AuditReader(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ofctl-audit");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        this.consumer = new KafkaConsumer<>(properties);
    }

    /**
     * Reads every record of the topics from {@code since} (null: from the beginning) and hands each decoded
     * event to {@code events}; returns when the end offsets of the start are reached, unless {@code follow}.
     */
    public void read(List<String> topics, Instant since, boolean follow, Filtered events, Consumer<Rejected> rejected) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (ofctl topics create)");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        if (since == null) {
            consumer.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            partitions.forEach(p -> {
                OffsetAndTimestamp offset = offsets.get(p);
                consumer.seek(p, offset == null ? ends.get(p) : offset.offset());
            });
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        try {
            while (follow || !reached(ends)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    decode(record, events, rejected);
                }
            }
        } catch (WakeupException e) {
            // stop() was called: a follow ends here
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static void decode(ConsumerRecord<String, byte[]> record, Filtered events, Consumer<Rejected> rejected) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        try {
            events.accept(CloudEventHeaders.fromHeaders(headers, record.value()), record.key());
        } catch (InvalidEventException | java.io.UncheckedIOException e) {
            rejected.accept(new Rejected(record.topic(), record.partition(), record.offset(), e.getMessage()));
        }
    }

    /** Ends a {@code read} that follows, from another thread. */
    public void stop() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    /** Receives each decoded event with its record key. */
    @FunctionalInterface
    public interface Filtered {
        void accept(EventEnvelope<?> event, String key);
    }
}
