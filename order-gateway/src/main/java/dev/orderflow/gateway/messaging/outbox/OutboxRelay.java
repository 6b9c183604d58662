package dev.orderflow.gateway.messaging.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.persistence.DataAccessException;
import dev.orderflow.platform.persistence.PlannedPerCall;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order and marks them published once the broker acknowledged
 * them. One relay at a time across all replicas: a pass runs only while it holds a transaction-scoped
 * Postgres advisory lock, so rows go out in commit order and per-symbol order holds. Delivery is at
 * least once: a crash between the broker's acknowledgement and the update sends the batch again
 * with the same event ids, which consumers de-duplicate.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK_KEY = 0x6f75_7462_6f78L; // "outbox"
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final AgroalDataSource dataSource;
    private final GatewayConfig config;
    private final Properties producerProperties;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean paused = new AtomicBoolean(false);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaProducer<String, byte[]> producer;

    public OutboxRelay(AgroalDataSource dataSource, GatewayConfig config, MeterRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.dataSource = dataSource;
        this.config = config;
        this.producerProperties = producerProperties(kafkaConfig);
        this.published = Counter.builder("orderflow_outbox_published_total")
                .description("Outbox events acknowledged by Kafka").register(registry);
        this.failures = Counter.builder("orderflow_outbox_relay_failures_total")
                .description("Relay passes that failed and will be retried").register(registry);
        Gauge.builder("orderflow_outbox_pending", pending, AtomicLong::get)
                .description("Outbox events not yet published").register(registry);
        Gauge.builder("orderflow_outbox_lag_seconds", lagMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest unpublished outbox event").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the relay thread (with a new Kafka producer). */
    public synchronized void start() {
        if (running) {
            return;
        }
        producer = newProducer();
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    /**
     * Stops the relay thread and closes its producer, as a crash or a shutdown would: rows committed
     * but not yet published stay in the table for the next relay.
     */
    public synchronized void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            try {
                current.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Holds publishing (rows accumulate) without stopping the thread. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
        wake();
    }

    /** Asks for a pass now (called after a commit that wrote outbox rows). */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void loop() {
        long backoffMs = 0;
        while (running) {
            try {
                long wait = backoffMs > 0 ? backoffMs : config.outbox().pollInterval().toMillis();
                wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running) {
                    break;
                }
                if (paused.get()) {
                    continue;
                }
                int sent;
                do {
                    sent = relayOnce();
                } while (sent >= config.outbox().batchSize() && running && !paused.get());
                backoffMs = 0;
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                failures.increment();
                backoffMs = Math.min(Math.max(backoffMs * 2, 200), 5_000);
                LOG.warnf("Outbox relay pass failed, retrying in %d ms: %s", backoffMs, e.getMessage());
            }
        }
    }

    /** Planned per call: a generic plan made while the outbox was nearly empty scans all of it on every pass. */
    public static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY(?)";

    private record Row(long id, String topic, String key, byte[] payload, Map<String, String> headers, Instant createdAt) {
    }

    /** One pass: publishes up to one batch; returns how many rows were published. */
    int relayOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                // marking rows published does not wait for the disk: a mark lost in a crash only publishes
                // those rows again, which at-least-once delivery allows for anyway
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT pg_try_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true)")) {
                    lock.setLong(1, RELAY_LOCK_KEY);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            return 0; // another replica relays
                        }
                    }
                }
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT id, topic, msg_key, payload::text, headers::text, created_at FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?")) {
                    select.setInt(1, config.outbox().batchSize());
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                                    rs.getString(4).getBytes(StandardCharsets.UTF_8),
                                    EventJson.mapper().readValue(rs.getString(5), HEADERS), rs.getTimestamp(6).toInstant()));
                        }
                    }
                }
                updateLag(c, rows);
                if (rows.isEmpty()) {
                    return 0;
                }
                publish(rows);
                try (PreparedStatement mark = PlannedPerCall.prepare(c, MARK_PUBLISHED)) {
                    Array ids = c.createArrayOf("bigint", rows.stream().map(Row::id).toArray());
                    mark.setArray(1, ids);
                    mark.executeUpdate();
                }
                published.increment(rows.size());
                pending.addAndGet(-rows.size());
                return rows.size();
            }
        });
    }

    /**
     * Deletes up to {@code limit} rows published before the cut-off; a row not yet published is never
     * deleted, whatever its age. Returns how many went.
     */
    public int purgePublished(Instant publishedBefore, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < ? "
                        + "ORDER BY id LIMIT ?)")) {
            ps.setTimestamp(1, Timestamp.from(publishedBefore));
            ps.setInt(2, limit);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("purge published outbox rows", e);
        }
    }

    private void publish(List<Row> rows) throws Exception {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            throw new IllegalStateException("relay stopped");
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            row.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            acks.add(current.send(record));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The pending and lag gauges, from the batch just read: a batch smaller than the limit is every
     * unpublished row, so only a full batch needs the table counted.
     */
    private void updateLag(Connection c, List<Row> batch) throws SQLException {
        Instant oldest = batch.stream().map(Row::createdAt).min(Instant::compareTo).orElse(null);
        long unpublished = batch.size();
        if (batch.size() >= config.outbox().batchSize()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*), min(created_at) FROM outbox WHERE published_at IS NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                unpublished = rs.getLong(1);
                Timestamp first = rs.getTimestamp(2);
                oldest = first == null ? null : first.toInstant();
            }
        }
        pending.set(unpublished);
        lagMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis()));
    }

    /**
     * The service's {@code kafka.*} configuration (bootstrap servers, security, client tuning), with what
     * the relay's guarantees rest on forced on top: every replica acknowledges, idempotence keeps a
     * retried batch from being written twice or out of order, and a pass fails within seconds rather
     * than holding the relay lock while the broker is away.
     */
    static Properties producerProperties(Map<String, Object> kafkaConfig) {
        Properties properties = new Properties();
        kafkaConfig.forEach((key, value) -> {
            if (value != null) {
                properties.put(key, value);
            }
        });
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "order-gateway-outbox");
        return properties;
    }

    private KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
    }
}
