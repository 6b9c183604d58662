package dev.orderflow.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Whether each of the service's Kafka consumers is a member of its group, from the consumers' own
 * rebalance callbacks. A consumer that started but has not been given its share of the partitions yet
 * (a restarted instance waiting for its crashed predecessor to be expelled, or a broker that is not
 * there) cannot process anything, so readiness waits for it ({@code KafkaReadinessCheck}).
 *
 * <p>Channels use it with {@code consumer-rebalance-listener.name=orderflow-group-membership}; a
 * consumer a service builds itself registers with {@link #expect} and passes {@link #listener}.
 * Callbacks run on the consumer's own thread, where {@link Consumer#subscription()} may be called, so
 * a consumer is known by its group and topics.
 */
@ApplicationScoped
@Default
@Identifier(GroupMembership.LISTENER)
public class GroupMembership implements KafkaConsumerRebalanceListener {

    public static final String LISTENER = "orderflow-group-membership";

    private static final Logger LOG = Logger.getLogger(GroupMembership.class);

    /**
     * Where one consumer stands: joined with {@code partitions}, or waiting since {@code since};
     * {@code joinedBefore} tells a rebalance of a member from a consumer that never got in.
     */
    public record Member(String group, Set<String> topics, boolean joined, int partitions, Instant since, boolean joinedBefore) {

        String key() {
            return key(group, topics);
        }

        static String key(String group, Collection<String> topics) {
            return group + " " + String.join(",", new TreeSet<>(topics));
        }
    }

    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Clock clock;

    public GroupMembership() {
        this(Clock.systemUTC());
    }

    GroupMembership(Clock clock) {
        this.clock = clock;
    }

    /** Registers a consumer that has to join before the service is ready; known channels stay as they are. */
    public void expect(String group, Collection<String> topics) {
        Member waiting = new Member(group, new TreeSet<>(topics), false, 0, clock.instant(), false);
        members.putIfAbsent(waiting.key(), waiting);
    }

    /** Every consumer expected or seen, joined or not. */
    public List<Member> members() {
        return members.values().stream().sorted(java.util.Comparator.comparing(Member::key)).toList();
    }

    /** For a consumer the service builds itself: the same bookkeeping as a channel's. */
    public ConsumerRebalanceListener listener(Consumer<?, ?> consumer) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                GroupMembership.this.onPartitionsRevoked(consumer, partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                GroupMembership.this.onPartitionsAssigned(consumer, partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                GroupMembership.this.onPartitionsLost(consumer, partitions);
            }
        };
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // called at the end of every completed rebalance, with an empty set for a member left without partitions
        update(consumer, true, partitions.size());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // the start of a rebalance (eager protocol) or a clean leave: the member holds nothing until it is assigned again
        update(consumer, false, 0);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        update(consumer, false, 0);
    }

    private void update(Consumer<?, ?> consumer, boolean joined, int partitions) {
        String group = consumer.groupMetadata().groupId();
        Set<String> topics = new TreeSet<>(consumer.subscription());
        String key = Member.key(group, topics);
        Member before = members.get(key);
        boolean joinedBefore = before != null && (before.joined() || before.joinedBefore());
        Instant since = before != null && before.joined() == joined ? before.since() : clock.instant();
        members.put(key, new Member(group, topics, joined, partitions, since, joinedBefore));
        if (before == null || before.joined() != joined) {
            LOG.infof("Consumer of %s in group %s %s", String.join(",", topics), group,
                    joined ? "joined with " + partitions + " partitions" : "is waiting for its partitions");
        }
    }
}
