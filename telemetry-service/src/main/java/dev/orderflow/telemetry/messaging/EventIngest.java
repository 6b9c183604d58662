package dev.orderflow.telemetry.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.messaging.GroupMembership;
import dev.orderflow.telemetry.config.TelemetryConfig;
import dev.orderflow.telemetry.domain.ArchiveLine;
import dev.orderflow.telemetry.domain.RecentEventIds;
import dev.orderflow.telemetry.domain.TelemetryModel;
import dev.orderflow.telemetry.persistence.AuditArchive;
import dev.orderflow.telemetry.persistence.ServiceHeartbeatStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads every topic telemetry listens to, in one consumer: each event is checked against its
 * contract ({@link IngestPipeline}), skipped if its CloudEvents id was seen (a redelivery), appended to the audit archive and
 * applied to the figures. Offsets are committed only after the batch's lines are flushed, so a crash
 * loses no line; the lines a crash leaves archived but uncommitted come again and are recognised by
 * their ids, which a restart reads back from the archive together with the last day of figures.
 */
@ApplicationScoped
public class EventIngest {

    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    /** Topics telemetry consumes; the gateway's throttle events travel on orders.events. */
    public static final List<String> TOPICS = List.of(Topics.ORDER_EVENTS, Topics.ORDER_DECISIONS, Topics.TELEMETRY,
            Topics.HEARTBEATS, Topics.RECONCILIATION, Topics.ALERTS);

    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final TelemetryConfig config;
    private final Map<String, Object> kafkaConfig;
    private final TelemetryModel model;
    private final ServiceHeartbeatStore heartbeats;
    private final MeterRegistry registry;
    private final GroupMembership membership;
    private final int sessionTimeoutMs;
    private final int heartbeatIntervalMs;
    private final Counter redelivered;
    private final Map<EventType, Counter> ingested = new EnumMap<>(EventType.class);
    private final Clock clock = Clock.systemUTC();
    private volatile boolean running;
    private volatile Instant lastPollAt;
    private volatile String failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private AuditArchive archive;
    private RecentEventIds recentIds;
    private IngestPipeline pipeline;

    public EventIngest(TelemetryConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            TelemetryModel model, ServiceHeartbeatStore heartbeats, MeterRegistry registry, GroupMembership membership,
            @ConfigProperty(name = "orderflow.kafka.session-timeout-ms") int sessionTimeoutMs,
            @ConfigProperty(name = "orderflow.kafka.heartbeat-interval-ms") int heartbeatIntervalMs) {
        this.config = config;
        this.membership = membership;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        membership.expect(config.ingest().groupId(), TOPICS);
        this.kafkaConfig = kafkaConfig;
        this.model = model;
        this.heartbeats = heartbeats;
        this.registry = registry;
        this.redelivered = Counter.builder("orderflow_telemetry_events_redelivered_total")
                .description("Events received again with a CloudEvents id already processed; counted once").register(registry);
        for (EventType type : EventType.values()) {
            ingested.put(type, Counter.builder("orderflow_telemetry_events_total").tag("type", type.name())
                    .description("Events archived and counted, by type").register(registry));
        }
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::run, "telemetry-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** Null while events flow; otherwise why they do not. */
    public String failure() {
        return failure;
    }

    public Instant lastPollAt() {
        return lastPollAt;
    }

    public boolean running() {
        return running && thread != null && thread.isAlive();
    }

    public Path archiveFile() {
        AuditArchive current = archive;
        return current == null ? null : current.currentFile();
    }

    private void run() {
        while (running) {
            try {
                recover();
                consume();
            } catch (WakeupException e) {
                // stopping
            } catch (IOException | RuntimeException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.errorf(e, "Event ingest stopped; nothing is committed past the last archived batch; retrying in %s",
                        RETRY_AFTER_FAILURE);
                closeQuietly();
                sleep(RETRY_AFTER_FAILURE);
            }
        }
        closeQuietly();
    }

    /**
     * Starts from what the archive holds: the ids of the events already archived (so the ones Kafka
     * delivers again are skipped) and the last day of events (so the figures are those before the restart).
     */
    private void recover() throws IOException {
        recentIds = new RecentEventIds(config.ingest().dedupeCapacity());
        model.reset();
        AuditArchive previous = new AuditArchive(config.archive().dir(), config.archive().maxFileBytes(),
                config.archive().retention(), config.archive().maxTotalBytes(), config.archive().fsync(), clock);
        Instant since = clock.instant().minus(Duration.ofDays(1));
        List<Path> files = previous.files();
        int replayed = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            boolean recent = i >= files.size() - 2 || Files.getLastModifiedTime(file).toInstant().isAfter(since);
            if (!recent) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    var event = ArchiveLine.read(line);
                    if (event.isPresent() && recentIds.add(event.get().id())) {
                        model.apply(event.get());
                        replayed++;
                    }
                }
            }
        }
        if (replayed > 0) {
            LOG.infof("Read %d archived events back into the figures and the redelivery check", replayed);
        }
        archive = previous;
        archive.open();
        pipeline = new IngestPipeline(model, recentIds, archive, new Outcomes());
        archive.enforceRetention();
        consumer = newConsumer();
        consumer.subscribe(TOPICS, membership.listener(consumer));
        failure = null;
    }

    private void consume() throws IOException {
        while (running) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
            lastPollAt = clock.instant();
            if (records.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            List<IngestPipeline.Incoming> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> record : records) {
                batch.add(new IngestPipeline.Incoming(record.topic(), record.partition(), record.offset(),
                        CloudEventMessages.headerMap(record.headers()), record.value()));
                offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            pipeline.process(batch);
            archive.flush();
            consumer.commitSync(offsets);
        }
    }

    /** Metrics and logs of what became of each record; a heartbeat also updates its instance's row. */
    private final class Outcomes implements IngestPipeline.Outcomes {

        @Override
        public void rejected(IngestPipeline.Incoming record, RuntimeException why) {
            registry.counter("orderflow_events_rejected_total", "topic", record.topic()).increment();
            LOG.warnf("Rejected record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), why.getMessage());
        }

        @Override
        public void redelivered(IngestPipeline.Incoming record) {
            redelivered.increment();
        }

        @Override
        public void applied(EventEnvelope<?> event) {
            if (event.data() instanceof Heartbeat heartbeat) {
                try {
                    heartbeats.record(event.id(), heartbeat);
                } catch (RuntimeException e) {
                    // The archive and the figures have it; the next heartbeat of the instance updates its row.
                    LOG.warnf("Heartbeat of %s/%s not stored: %s", heartbeat.service(), heartbeat.instance(), e.getMessage());
                }
            }
            ingested.get(event.type()).increment();
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        kafkaConfig.forEach((key, value) -> {
            if (value != null) {
                properties.put(key, value);
            }
        });
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.ingest().groupId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.ingest().maxPollRecords());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "telemetry-ingest");
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, heartbeatIntervalMs);
        // A topic created after the start (the first event of its kind) is picked up within seconds, not five minutes.
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void closeQuietly() {
        try {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        } catch (RuntimeException e) {
            LOG.debugf("Closing the consumer: %s", e.getMessage());
        }
        consumer = null;
        try {
            if (archive != null) {
                archive.close();
            }
        } catch (IOException e) {
            LOG.warnf("Closing the archive: %s", e.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
