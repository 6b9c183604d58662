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
import java.time.LocalDate;
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
        return of(event, data, null, topic, partition, offset);
    }

    /**
     * As {@link #of(EventEnvelope, JsonNode, String, int, long)}, with the record value the tree was
     * read from: when that value is one plain JSON object on one line (ASCII, nothing after it), it goes
     * under {@code data} byte for byte instead of the tree being written out again; otherwise the tree.
     */
    public static byte[] of(EventEnvelope<?> event, JsonNode data, byte[] value, String topic, int partition, long offset) {
        boolean raw = value != null && isOneLineObject(value);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (raw ? value.length : 2 * data.size() * 24));
        try (JsonGenerator json = EventJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("event", event.type().name());
            json.writeStringField("level", level(event));
            json.writeFieldName("ts");
            char[] ts = new char[40];
            json.writeString(ts, 0, isoInstant(event.time(), ts));
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
            if (raw) {
                // An empty raw value makes the generator put the colon after the name; the value follows as it came.
                json.writeRawValue("");
                json.flush();
                out.write(value);
            } else {
                json.writeTree(data);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Whether the value is a single JSON object of ASCII bytes, without a line break and with nothing
     * but blanks after it: then it can stand in a line as it is. The value has been parsed already, so
     * only where its first object ends is looked for (braces outside strings).
     */
    static boolean isOneLineObject(byte[] value) {
        int i = 0;
        int n = value.length;
        while (i < n && (value[i] == ' ' || value[i] == '\t')) {
            i++;
        }
        if (i == n || value[i] != '{') {
            return false;
        }
        int depth = 0;
        boolean inString = false;
        for (; i < n; i++) {
            byte b = value[i];
            if (b < 0x20 && b != '\t' || b < 0) {
                return false;
            }
            if (inString) {
                if (b == '\\') {
                    i++;
                    if (i < n && (value[i] < 0x20 || value[i] < 0)) {
                        return false;
                    }
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                break;
            }
        }
        if (i == n) {
            return false;
        }
        for (i++; i < n; i++) {
            if (value[i] != ' ' && value[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the instant as {@link Instant#toString()} does into {@code chars} (40 at least) and returns
     * the length; by hand for the years 0 to 9999, where the JDK's formatter costs a microsecond an event.
     */
    static int isoInstant(Instant instant, char[] chars) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        if (epochDay < MIN_FAST_DAY || epochDay > MAX_FAST_DAY) {
            String text = instant.toString();
            text.getChars(0, text.length(), chars, 0);
            return text.length();
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int n = put(chars, 0, date.getYear(), 4);
        chars[n++] = '-';
        n = put(chars, n, date.getMonthValue(), 2);
        chars[n++] = '-';
        n = put(chars, n, date.getDayOfMonth(), 2);
        chars[n++] = 'T';
        n = put(chars, n, secondOfDay / 3_600, 2);
        chars[n++] = ':';
        n = put(chars, n, secondOfDay / 60 % 60, 2);
        chars[n++] = ':';
        n = put(chars, n, secondOfDay % 60, 2);
        if (nanos != 0) {
            chars[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                n = put(chars, n, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                n = put(chars, n, nanos / 1_000, 6);
            } else {
                n = put(chars, n, nanos, 9);
            }
        }
        chars[n++] = 'Z';
        return n;
    }

    private static final long MIN_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static int put(char[] chars, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            chars[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
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
