package dev.orderflow.ofctl.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.topics.Topics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which events an audit query wants. Empty sets and nulls mean "any". Symbol and client order id are looked
 * for where each event keeps them: the record key and the payload's {@code symbol}; the subject and the
 * payload's {@code clientOrderId}.
 */
public record AuditFilter(Set<EventType> types, String symbol, String clientOrderId) {

    /** Without types: the order flow and the operations topics an operator audits (not heartbeats or samples). */
    public static final List<String> DEFAULT_TOPICS = List.of(Topics.ORDER_EVENTS, Topics.ORDER_DECISIONS,
            Topics.ORDER_COMMANDS, Topics.ALERTS, Topics.RECONCILIATION);

    public AuditFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** The topics that can hold a wanted event. */
    public List<String> topics() {
        if (types.isEmpty()) {
            return DEFAULT_TOPICS;
        }
        Set<String> topics = new LinkedHashSet<>();
        types.stream().sorted().forEach(t -> topics.add(t.topic()));
        return List.copyOf(topics);
    }

    public boolean matches(EventEnvelope<?> event, String key) {
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        JsonNode data = symbol == null && clientOrderId == null ? null : EventJson.toTree(event.data());
        if (symbol != null && !symbol.equals(key) && !symbol.equals(data.path("symbol").asText(null))) {
            return false;
        }
        return clientOrderId == null || clientOrderId.equals(event.subject())
                || clientOrderId.equals(data.path("clientOrderId").asText(null));
    }
}
