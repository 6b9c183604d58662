package dev.orderflow.platform.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes this instance's heartbeat to {@code ops.heartbeats} while ENABLE_LIVE_HEARTBEAT is on.
 * The status is the service's own readiness, so a replica that is up but cannot reach Postgres or
 * Kafka says so.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final Emitter<byte[]> emitter;
    private final Flags flags;
    private final ServiceConfig config;
    private final SmallRyeHealthReporter health;
    private final Instant startedAt = Instant.now();

    public HeartbeatPublisher(@Channel("heartbeats") Emitter<byte[]> emitter, Flags flags, ServiceConfig config,
            SmallRyeHealthReporter health) {
        this.emitter = emitter;
        this.flags = flags;
        this.config = config;
        this.health = health;
    }

    @Scheduled(every = "${orderflow.service.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!flags.isEnabled(FeatureFlag.ENABLE_LIVE_HEARTBEAT)) {
            return;
        }
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.warnf("Heartbeat not published: %s", e.getMessage());
        }
    }

    public Heartbeat current() {
        SmallRyeHealth readiness = health.getReadiness();
        Map<String, String> details = new TreeMap<>();
        JsonValue checks = readiness.getPayload().get("checks");
        if (checks != null) {
            for (JsonValue check : checks.asJsonArray()) {
                JsonObject object = check.asJsonObject();
                details.put("ready." + object.getString("name"), object.getString("status"));
            }
        }
        details.putAll(ProcessResources.sample());
        Instant now = Instant.now();
        return new Heartbeat(config.serviceName(), config.instance(), config.serviceVersion(),
                readiness.isDown() ? "DOWN" : "UP", flags.values().hash(), flags.values().masterSwitchOn(),
                startedAt, Duration.between(startedAt, now).toSeconds(), details, now);
    }

    /** Publishes one heartbeat now, whatever the flag says (the scheduled tick checks it). */
    public void publish() {
        var event = EventEnvelope.of("/" + config.serviceName(), EventType.HEARTBEAT, config.instance(), current());
        emitter.send(CloudEventMessages.toMessage(event, config.serviceName()));
    }
}
