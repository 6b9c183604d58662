package dev.orderflow.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Validates payloads and envelopes against the JSON Schemas shipped in this module. */
public final class EventSchemas {

    public static final String ENVELOPE_SCHEMA = "/schemas/envelope.schema.json";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    /** Per resource: its compiled check, or nothing when the schema has a keyword that is not compiled. */
    private static final Map<String, Optional<SchemaCheck>> CHECKS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** One way a document breaks its schema; {@code field} is a JSON path such as {@code $.quantity}. */
    public record Violation(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    public static List<Violation> validate(EventType type, JsonNode payload) {
        return validate(type.schemaResource(), payload);
    }

    /** Validates the structured form of an event: attributes and {@code data} in one JSON object. */
    public static List<Violation> validateEnvelope(JsonNode envelope) {
        return validate(ENVELOPE_SCHEMA, envelope);
    }

    /** The raw schema document, for publishing it (AsyncAPI, docs). */
    public static JsonNode schemaDocument(String resource) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No schema at " + resource);
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Violation> validate(String resource, JsonNode document) {
        // Most documents are fine: the compiled check says so without building a report. Any other goes to
        // the full validator, which decides and names the field.
        Optional<SchemaCheck> check = CHECKS.computeIfAbsent(resource, r -> Optional.ofNullable(SchemaCheck.compile(schemaDocument(r))));
        if (check.isPresent() && check.get().certainlyValid(document)) {
            return List.of();
        }
        return fullValidation(resource, document);
    }

    /** The full validator's report; empty when the document matches. */
    static List<Violation> fullValidation(String resource, JsonNode document) {
        Schema schema = SCHEMAS.computeIfAbsent(resource, r -> REGISTRY.getSchema(schemaDocument(r)));
        return schema.validate(document).stream().map(EventSchemas::toViolation).toList();
    }

    private static Violation toViolation(Error error) {
        // The validator reports JSON pointers ("/findings/0/reason"); callers get "$.findings.0.reason".
        String location = "$" + error.getInstanceLocation().toString().replaceFirst("^\\$", "").replace('/', '.');
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            location = location + "." + error.getProperty();
        }
        return new Violation(location, error.getMessage());
    }
}
