package dev.orderflow.gateway.messaging;

import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.platform.messaging.GroupMembership;
import dev.orderflow.platform.messaging.KafkaClientSecurity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.jboss.logging.Logger;

/**
 * Whether an entry accepted now can get a guard decision in time: some risk-guards instance is a member
 * of the guards' group, and this instance's decision consumer holds its partitions. Looked up in the
 * background every {@code gateway.guards.presence-interval}; the intake reads the last answer. When the
 * group cannot be described (Kafka away) nothing is concluded and entries are taken as before.
 */
@ApplicationScoped
public class GuardsPresence {

    private static final Logger LOG = Logger.getLogger(GuardsPresence.class);

    private final GatewayConfig config;
    private final GroupMembership membership;
    private final Map<String, Object> kafkaConfig;
    private volatile Instant guardsMissingSince;
    private ScheduledExecutorService executor;
    private Admin admin;

    public GuardsPresence(GatewayConfig config, GroupMembership membership,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.membership = membership;
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent ignored) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "guards-presence");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.guards().presenceInterval().toMillis();
        executor.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** Why an entry could not be guarded now, or empty when it can (or when that is not known). */
    public Optional<String> unavailableReason() {
        Instant missing = guardsMissingSince;
        if (missing != null) {
            return Optional.of("no risk-guards instance is running (group " + config.guards().group() + " has no member since "
                    + missing + ")");
        }
        for (GroupMembership.Member member : membership.members()) {
            // a short rebalance (another replica joining or leaving) ends well within the guard timeout
            boolean stuck = !member.joinedBefore() || member.since().isBefore(Instant.now().minus(config.guards().timeout()));
            if (member.topics().contains(Topics.ORDER_DECISIONS) && !member.joined() && stuck) {
                return Optional.of("this gateway is waiting for its share of " + Topics.ORDER_DECISIONS + " (since " + member.since() + ")");
            }
        }
        return Optional.empty();
    }

    private void look() {
        try {
            if (admin == null) {
                Map<String, Object> adminConfig = new HashMap<>(KafkaClientSecurity.of(kafkaConfig));
                adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
                adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "guards-presence");
                admin = Admin.create(adminConfig);
            }
            int timeout = (int) Math.max(500, config.guards().presenceInterval().toMillis());
            var group = admin.describeConsumerGroups(List.of(config.guards().group()), new DescribeConsumerGroupsOptions().timeoutMs(timeout))
                    .describedGroups().get(config.guards().group()).get(timeout + 500L, TimeUnit.MILLISECONDS);
            // EMPTY: the group exists and every member has left or been expelled. A group never formed (DEAD)
            // says nothing about an outage: the guards may not have been deployed yet.
            boolean present = group.groupState() != org.apache.kafka.common.GroupState.EMPTY || !group.members().isEmpty();
            if (present && guardsMissingSince != null) {
                LOG.infof("Risk guards are back in group %s (%d members)", group.groupId(), group.members().size());
                guardsMissingSince = null;
            } else if (!present && guardsMissingSince == null) {
                LOG.warnf("No risk-guards instance in group %s: guarded entries are refused until one joins", group.groupId());
                guardsMissingSince = Instant.now();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Kafka itself is away: readiness says so; the guards' presence is unknown, not missing
            guardsMissingSince = null;
        }
    }
}
