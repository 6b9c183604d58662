package dev.orderflow.contracts.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event: the required attributes, {@code time}, {@code subject} (a client order
 * id or a symbol) and the {@code schemaversion} extension, around a payload record. On Kafka the
 * attributes travel as {@code ce_*} headers and the payload as the record value (binary mode, see
 * {@link CloudEventHeaders}).
 */
public record EventEnvelope<T extends Record>(
        String id,
        String source,
        EventType type,
        Instant time,
        String subject,
        int schemaVersion,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!type.payloadType().isInstance(data)) {
            throw new IllegalArgumentException(type + " carries " + type.payloadType().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
    }

    /** A new event with a random id, stamped now. */
    public static <T extends Record> EventEnvelope<T> of(String source, EventType type, String subject, T data) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), source, type, Instant.now(), subject,
                EventType.SCHEMA_VERSION, data);
    }

    /** The Kafka topic this event belongs on. */
    public String topic() {
        return type.topic();
    }
}
