package dev.orderflow.contracts.topics;

import java.time.Duration;
import java.util.List;

/**
 * Every Kafka topic of the system. The record key is always the symbol (or the service name for
 * {@code ops.*} topics that are not about a symbol), so per-symbol order holds within a partition.
 */
public final class Topics {

    public static final String ORDER_INTENTS = "orders.intents";
    public static final String ORDER_DECISIONS = "orders.decisions";
    public static final String ORDER_EVENTS = "orders.events";
    public static final String ORDER_COMMANDS = "orders.commands";
    public static final String HEARTBEATS = "ops.heartbeats";
    public static final String ALERTS = "ops.alerts";
    public static final String RECONCILIATION = "ops.reconciliation";
    public static final String TELEMETRY = "ops.telemetry";

    /** Partition count and retention of each topic; the local stack and the Strimzi manifests use these. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(ORDER_INTENTS, 6, Duration.ofDays(7), "accepted entry intents awaiting the entry guards"),
            new TopicSpec(ORDER_DECISIONS, 6, Duration.ofDays(7), "ALLOW / BLOCK / SHADOW_BLOCK with every reason and the numbers behind it"),
            new TopicSpec(ORDER_EVENTS, 6, Duration.ofDays(30), "order lifecycle, fills, slippage, COID replays and throttling"),
            new TopicSpec(ORDER_COMMANDS, 6, Duration.ofDays(7), "CANCEL, ADOPT, MARK_LOST and APPLY_FILL requests to the gateway"),
            new TopicSpec(HEARTBEATS, 1, Duration.ofDays(1), "liveness, flags hash, lag and version of every service"),
            new TopicSpec(ALERTS, 1, Duration.ofDays(30), "alerts raised and resolved"),
            new TopicSpec(RECONCILIATION, 1, Duration.ofDays(30), "reconciliation runs and their findings"),
            new TopicSpec(TELEMETRY, 3, Duration.ofDays(1), "operational samples such as market-data cache hits and misses"));

    private Topics() {
    }

    /** A topic with the settings it is created with. */
    public record TopicSpec(String name, int partitions, Duration retention, String description) {

        public long retentionMs() {
            return retention.toMillis();
        }
    }
}
