package dev.orderflow.contracts.events;

import dev.orderflow.contracts.topics.Topics;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;

/**
 * Every event of the system: its CloudEvents {@code type}, the topic it travels on, its payload
 * record and the JSON Schema of that payload. Names the deployment guide uses (COID_DUPLICATE,
 * ORDER_FILLED, ORDER_PARTIAL, ENTRY_SLIPPAGE, RATE_LIMIT_THROTTLE, CACHE_HIT, CACHE_MISS) are kept
 * as they are, so the guide's queries keep working on the audit archive.
 */
public enum EventType {
    ORDER_INTENT(Topics.ORDER_INTENTS, OrderIntent.class, "order-intent"),
    GUARD_DECISION(Topics.ORDER_DECISIONS, GuardDecision.class, "guard-decision"),

    ORDER_ACCEPTED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_PENDING_GUARDS(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_BLOCKED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_SUBMITTED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_UNKNOWN(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_ACKNOWLEDGED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_CANCELED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_REJECTED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_EXPIRED(Topics.ORDER_EVENTS, OrderStateChanged.class, "order-state-changed"),
    ORDER_PARTIAL(Topics.ORDER_EVENTS, OrderFill.class, "order-fill"),
    ORDER_FILLED(Topics.ORDER_EVENTS, OrderFill.class, "order-fill"),
    ENTRY_SLIPPAGE(Topics.ORDER_EVENTS, EntrySlippage.class, "entry-slippage"),
    COID_DUPLICATE(Topics.ORDER_EVENTS, CoidDuplicate.class, "coid-duplicate"),
    RATE_LIMIT_THROTTLE(Topics.ORDER_EVENTS, RateLimitThrottle.class, "rate-limit-throttle"),

    ORDER_COMMAND(Topics.ORDER_COMMANDS, OrderCommand.class, "order-command"),
    HEARTBEAT(Topics.HEARTBEATS, Heartbeat.class, "heartbeat"),
    ALERT(Topics.ALERTS, Alert.class, "alert"),
    RECONCILIATION_RUN(Topics.RECONCILIATION, ReconciliationRun.class, "reconciliation-run"),
    CACHE_HIT(Topics.TELEMETRY, CacheSample.class, "cache-sample"),
    CACHE_MISS(Topics.TELEMETRY, CacheSample.class, "cache-sample");

    /** Version of every payload schema in this release; bumped with an incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    private final String topic;
    private final Class<? extends Record> payloadType;
    private final String schemaResource;

    EventType(String topic, Class<? extends Record> payloadType, String schemaName) {
        this.topic = topic;
        this.payloadType = payloadType;
        this.schemaResource = "/schemas/" + schemaName + ".schema.json";
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Record> payloadType() {
        return payloadType;
    }

    /** Classpath location of the payload's JSON Schema. */
    public String schemaResource() {
        return schemaResource;
    }

    /** The lifecycle event that announces a move into the given state. */
    public static EventType forStatus(OrderStatus status) {
        return switch (status) {
            case ACCEPTED -> ORDER_ACCEPTED;
            case PENDING_GUARDS -> ORDER_PENDING_GUARDS;
            case BLOCKED -> ORDER_BLOCKED;
            case SUBMITTING -> ORDER_SUBMITTED;
            case UNKNOWN -> ORDER_UNKNOWN;
            case ACKNOWLEDGED -> ORDER_ACKNOWLEDGED;
            case PARTIALLY_FILLED -> ORDER_PARTIAL;
            case FILLED -> ORDER_FILLED;
            case CANCELED -> ORDER_CANCELED;
            case REJECTED -> ORDER_REJECTED;
            case EXPIRED -> ORDER_EXPIRED;
        };
    }

    public static Optional<EventType> byName(String type) {
        return Optional.ofNullable(type == null ? null : BY_NAME.get(type));
    }

    /** Looked up for every consumed record: a map rather than a scan of the values. */
    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::name, t -> t));
}
