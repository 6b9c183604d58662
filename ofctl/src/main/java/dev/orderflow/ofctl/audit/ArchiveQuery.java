package dev.orderflow.ofctl.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which lines of the audit archive a search wants: the pattern found anywhere in the line's text (as grep
 * does), and the filters read from the fields the archive puts at the top of each line ({@code event},
 * {@code ts}, {@code symbol}, {@code clientOrderId}, {@code subject}) or, failing those, from the payload.
 * Empty sets and nulls mean "any".
 */
public record ArchiveQuery(Pattern pattern, Set<EventType> types, String symbol, String clientOrderId, Instant since) {

    public ArchiveQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** Cheap first test on the raw text, so most lines of a large archive are never parsed. */
    public boolean textMatches(String line) {
        return pattern == null || pattern.matcher(line).find();
    }

    public boolean matches(JsonNode line) {
        if (!types.isEmpty() && types.stream().noneMatch(t -> t.name().equals(line.path("event").asText()))) {
            return false;
        }
        if (since != null && !atOrAfter(line.path("ts").asText(null))) {
            return false;
        }
        if (symbol != null && !symbol.equals(field(line, "symbol"))) {
            return false;
        }
        return clientOrderId == null || clientOrderId.equals(field(line, "clientOrderId"))
                || clientOrderId.equals(line.path("subject").asText(null));
    }

    private boolean atOrAfter(String ts) {
        try {
            return ts != null && !Instant.parse(ts).isBefore(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String field(JsonNode line, String name) {
        JsonNode top = line.get(name);
        if (top != null && !top.isNull()) {
            return top.asText();
        }
        return line.path("data").path(name).asText(null);
    }
}
