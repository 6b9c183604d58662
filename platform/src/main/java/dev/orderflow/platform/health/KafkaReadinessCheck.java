package dev.orderflow.platform.health;

import dev.orderflow.platform.messaging.GroupMembership;
import dev.orderflow.platform.messaging.KafkaBrokerProbe;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Kafka as the service needs it: the broker answered the probe lately, and every consumer is a member
 * of its group. DOWN says why ({@code reason}). Answers from memory, never waiting on the broker.
 *
 * <p>A member in the middle of a rebalance stays ready for {@code orderflow.kafka.rebalance-grace}: a
 * rebalance after a clean leave takes well under a second, and taking every replica out of service for
 * it would refuse orders for nothing. One that waits longer is waiting for a crashed member's session to
 * expire, and is DOWN.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final KafkaBrokerProbe probe;
    private final GroupMembership membership;
    private final Config config;
    private final Clock clock = Clock.systemUTC();

    public KafkaReadinessCheck(KafkaBrokerProbe probe, GroupMembership membership, Config config) {
        this.probe = probe;
        this.membership = membership;
        this.config = config;
    }

    /** The consumers of the service's Kafka channels, from their configuration. */
    void expectChannels(@Observes StartupEvent ignored) {
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("mp.messaging.incoming.") || !name.endsWith(".connector")) {
                continue;
            }
            String channel = name.substring("mp.messaging.incoming.".length(), name.length() - ".connector".length());
            String prefix = "mp.messaging.incoming." + channel + ".";
            if (!"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(""))
                    || !config.getOptionalValue(prefix + "enabled", Boolean.class).orElse(true)) {
                continue;
            }
            var group = config.getOptionalValue(prefix + "group.id", String.class);
            List<String> topics = config.getOptionalValue(prefix + "topics", String.class)
                    .map(t -> Arrays.stream(t.split(",")).map(String::trim).toList())
                    .orElseGet(() -> List.of(config.getOptionalValue(prefix + "topic", String.class).orElse(channel)));
            group.ifPresent(g -> membership.expect(g, topics));
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka");
        Instant now = clock.instant();
        List<String> reasons = new ArrayList<>();
        KafkaBrokerProbe.Reachability broker = probe.last();
        response.withData("broker", broker.detail()).withData("brokerCheckedAt", broker.at().toString());
        if (!broker.reachable()) {
            reasons.add("Kafka unreachable since " + broker.unreachableSince() + " (" + broker.detail() + ")");
        } else if (broker.at().isBefore(now.minus(probe.maxAge()))) {
            reasons.add("Kafka not answered since " + broker.at());
        }
        Duration grace = config.getOptionalValue("orderflow.kafka.rebalance-grace", Duration.class).orElse(Duration.ofSeconds(10));
        for (GroupMembership.Member member : membership.members()) {
            String name = "group " + member.group() + " (" + String.join(",", member.topics()) + ")";
            if (member.joined()) {
                response.withData(name, "member, " + member.partitions() + " partitions");
            } else {
                response.withData(name, "waiting for partitions since " + member.since());
                if (!member.joinedBefore() || member.since().isBefore(now.minus(grace))) {
                    reasons.add("not yet a member of " + name);
                }
            }
        }
        if (!reasons.isEmpty()) {
            response.withData("reason", String.join("; ", reasons));
        }
        return response.status(reasons.isEmpty()).build();
    }
}
