package dev.orderflow.telemetry.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.Alert;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.events.ReconciliationRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * One event as a line of the audit archive: the fields the deployment guide's one-liners read at
 * the top level ({@code event} with the guide's names, {@code level}, {@code ts}, {@code symbol},
 * {@code clientOrderId}, and {@code slippage_bps} as a JSON number so {@code jq | awk} can add it up),
 * then the CloudEvents attributes, where it was read from, and the payload unchanged under {@code data}.
 */
public final class ArchiveLine {

    public static final String INFO = "INFO";
    public static final String WARNING = "WARNING";
    public static final String ERROR = "ERROR";

    private ArchiveLine() {
    }

    public static byte[] of(EventEnvelope<?> event, String topic, int partition, long offset) {
        return of(event, EventJson.toTree(event.data()), topic, partition, offset);
    }

    /**
     * The line of an event whose payload is already a tree (as consumed): written straight to bytes,
     * the payload as it came under {@code data}.
     */
    public static byte[] of(EventEnvelope<?> event, JsonNode data, String topic, int partition, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 2 * data.size() * 24);
        try (JsonGenerator json = EventJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("event", event.type().name());
            json.writeStringField("level", level(event));
            json.writeStringField("ts", event.time().toString());
            writeText(json, data, "symbol");
            writeText(json, data, "clientOrderId");
            writeText(json, data, "strategyId");
            if (event.data() instanceof EntrySlippage slippage) {
                json.writeNumberField("slippage_bps", slippage.slippageBps());
            }
            json.writeStringField("id", event.id());
            json.writeStringField("source", event.source());
            if (event.subject() != null) {
                json.writeStringField("subject", event.subject());
            }
            json.writeNumberField("schemaversion", event.schemaVersion());
            json.writeStringField("topic", topic);
            json.writeNumberField("partition", partition);
            json.writeNumberField("offset", offset);
            json.writeFieldName("data");
            json.writeTree(data);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The event a line holds, or empty for a line that is not one (a torn last line after a crash). */
    public static Optional<EventEnvelope<?>> read(String line) {
        try {
            JsonNode node = EventJson.mapper().readTree(line);
            Optional<EventType> type = EventType.byName(node.path("event").asText());
            if (type.isEmpty() || !node.hasNonNull("id") || !node.hasNonNull("data")) {
                return Optional.empty();
            }
            Record data = EventJson.mapper().treeToValue(node.get("data"), type.get().payloadType());
            return Optional.of(new EventEnvelope<>(node.get("id").asText(), node.path("source").asText("/unknown"), type.get(),
                    Instant.parse(node.get("ts").asText()), node.hasNonNull("subject") ? node.get("subject").asText() : null,
                    node.path("schemaversion").asInt(EventType.SCHEMA_VERSION), data));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** ERROR for what needs an operator now, WARNING for what may, INFO for the rest. */
    static String level(EventEnvelope<?> event) {
        return switch (event.type()) {
            case ORDER_REJECTED -> ERROR;
            case COID_DUPLICATE, RATE_LIMIT_THROTTLE, ORDER_UNKNOWN, ORDER_BLOCKED -> WARNING;
            case ALERT -> {
                Alert alert = (Alert) event.data();
                yield !alert.active() ? INFO : alert.severity() == AlertSeverity.CRITICAL ? ERROR : WARNING;
            }
            case RECONCILIATION_RUN -> {
                ReconciliationRun run = (ReconciliationRun) event.data();
                yield "FAILED".equals(run.phase()) ? ERROR : run.findings().isEmpty() ? INFO : WARNING;
            }
            case HEARTBEAT -> "DOWN".equals(((Heartbeat) event.data()).status()) ? ERROR : INFO;
            default -> INFO;
        };
    }

    private static void writeText(JsonGenerator json, JsonNode data, String field) throws IOException {
        JsonNode value = data.get(field);
        if (value != null && !value.isNull()) {
            json.writeStringField(field, value.asText());
        }
    }
}
