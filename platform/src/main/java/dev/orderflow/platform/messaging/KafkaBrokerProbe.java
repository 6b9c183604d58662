package dev.orderflow.platform.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Asks the Kafka cluster who its brokers are every {@code orderflow.kafka.probe-interval}, on a thread of
 * its own, and keeps the answer. Readiness reads the kept answer: a health check that waited on the broker
 * itself would hang for the admin client's whole timeout while Kafka is away, longer than the kubelet's
 * probe timeout.
 */
@ApplicationScoped
public class KafkaBrokerProbe {

    private static final Logger LOG = Logger.getLogger(KafkaBrokerProbe.class);

    /** The last answer: the brokers seen, or why none was. */
    public record Reachability(boolean reachable, String detail, Instant at, Instant unreachableSince) {
    }

    private final Map<String, Object> kafkaConfig;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    private volatile Reachability last;
    private boolean warned;
    private ScheduledExecutorService executor;
    private Admin admin;

    public KafkaBrokerProbe(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "orderflow.kafka.probe-interval", defaultValue = "2s") Duration interval) {
        this.kafkaConfig = kafkaConfig;
        this.interval = interval;
        this.last = new Reachability(false, "not asked yet", clock.instant(), clock.instant());
    }

    void start(@Observes StartupEvent ignored) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kafka-broker-probe");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    public Reachability last() {
        return last;
    }

    /** How long a kept answer stays good: a probe that itself hangs must not leave readiness UP. */
    public Duration maxAge() {
        return interval.multipliedBy(3);
    }

    private void probe() {
        Instant at = clock.instant();
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig());
            }
            int timeout = (int) Math.max(500, interval.toMillis());
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeout)).nodes()
                    .get(timeout + 500L, TimeUnit.MILLISECONDS);
            if (!last.reachable()) {
                LOG.infof("Kafka reachable: %d brokers", nodes.size());
                warned = false;
            }
            last = new Reachability(true, nodes.size() + " brokers", at, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            // Admin.create fails too while the bootstrap name does not resolve (DNS): the next round tries again
            Instant since = last.reachable() ? at : last.unreachableSince();
            if (last.reachable() || !warned) {
                LOG.warnf("Kafka unreachable: %s; readiness is DOWN until it answers", cause.getMessage());
                warned = true;
            }
            last = new Reachability(false, cause.getClass().getSimpleName() + ": " + cause.getMessage(), at, since);
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(KafkaClientSecurity.of(kafkaConfig));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "broker-probe");
        return config;
    }
}
