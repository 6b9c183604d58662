package dev.orderflow.telemetry.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.Alert;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.events.ReconciliationRun;
import java.io.IOException;
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
        JsonNode data = EventJson.toTree(event.data());
        ObjectNode line = EventJson.mapper().createObjectNode();
        line.put("event", event.type().name());
        line.put("level", level(event));
        line.put("ts", event.time().toString());
        text(data, "symbol").ifPresent(symbol -> line.put("symbol", symbol));
        text(data, "clientOrderId").ifPresent(coid -> line.put("clientOrderId", coid));
        text(data, "strategyId").ifPresent(strategy -> line.put("strategyId", strategy));
        if (event.data() instanceof EntrySlippage slippage) {
            line.put("slippage_bps", slippage.slippageBps());
        }
        line.put("id", event.id());
        line.put("source", event.source());
        if (event.subject() != null) {
            line.put("subject", event.subject());
        }
        line.put("schemaversion", event.schemaVersion());
        line.put("topic", topic);
        line.put("partition", partition);
        line.put("offset", offset);
        line.set("data", data);
        byte[] json = line.toString().getBytes(StandardCharsets.UTF_8);
        byte[] withNewline = new byte[json.length + 1];
        System.arraycopy(json, 0, withNewline, 0, json.length);
        withNewline[json.length] = '\n';
        return withNewline;
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

    private static Optional<String> text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
