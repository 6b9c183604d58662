package dev.orderflow.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents Kafka protocol binding in binary mode: attributes as {@code ce_*} headers, the
 * payload as the record value, {@code content-type} for the data. Kept free of any Kafka type so
 * that every producer and consumer, whatever client it uses, maps the same way.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    public static Map<String, byte[]> toHeaders(EventEnvelope<?> event) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        put(headers, SPEC_VERSION, EventEnvelope.SPEC_VERSION);
        put(headers, ID, event.id());
        put(headers, SOURCE, event.source());
        put(headers, TYPE, event.type().name());
        put(headers, TIME, event.time().toString());
        if (event.subject() != null) {
            put(headers, SUBJECT, event.subject());
        }
        put(headers, SCHEMA_VERSION, String.valueOf(event.schemaVersion()));
        put(headers, CONTENT_TYPE, EventEnvelope.CONTENT_TYPE);
        return headers;
    }

    /**
     * Rebuilds an event from headers and value, checking the payload against its schema first.
     *
     * @throws InvalidEventException when an attribute is missing or malformed or the payload does not match its schema
     */
    public static EventEnvelope<?> fromHeaders(Map<String, byte[]> headers, byte[] value) {
        return decode(headers, value).event();
    }

    /**
     * As {@link #fromHeaders}, keeping the payload tree the event was bound from.
     *
     * @throws InvalidEventException when an attribute is missing or malformed or the payload does not match its schema
     */
    public static Decoded decode(Map<String, byte[]> headers, byte[] value) {
        String specVersion = required(headers, SPEC_VERSION);
        if (!EventEnvelope.SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException(SPEC_VERSION, "unsupported CloudEvents version " + specVersion);
        }
        String typeName = required(headers, TYPE);
        EventType type = EventType.byName(typeName)
                .orElseThrow(() -> new InvalidEventException(TYPE, "unknown event type " + typeName));
        Instant time;
        try {
            time = UtcTimes.parse(required(headers, TIME));
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(TIME, "not an ISO-8601 UTC time");
        }
        int schemaVersion;
        try {
            schemaVersion = Integer.parseInt(required(headers, SCHEMA_VERSION));
        } catch (NumberFormatException e) {
            throw new InvalidEventException(SCHEMA_VERSION, "not an integer");
        }
        if (value == null) {
            throw new InvalidEventException("data", "the record has no value");
        }
        // One parse: the tree is validated, then bound, and handed on for whoever keeps the payload as it came.
        JsonNode payload = EventJson.readTree(value);
        var violations = EventSchemas.validate(type, payload);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations.getFirst().field(), violations.getFirst().message());
        }
        Record data = EventJson.fromTree(payload, type.payloadType());
        byte[] subject = headers.get(SUBJECT);
        return new Decoded(new EventEnvelope<>(required(headers, ID), required(headers, SOURCE), type, time,
                subject == null ? null : new String(subject, StandardCharsets.UTF_8), schemaVersion, data), payload);
    }

    /** An event together with its payload as received, parsed once. */
    public record Decoded(EventEnvelope<?> event, JsonNode payload) {
    }

    private static void put(Map<String, byte[]> headers, String name, String value) {
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        if (value == null || value.length == 0) {
            throw new InvalidEventException(name, "missing header");
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}
