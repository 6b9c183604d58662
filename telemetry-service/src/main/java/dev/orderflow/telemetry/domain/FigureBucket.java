package dev.orderflow.telemetry.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.OrderStatus;
import java.util.HashMap;
import java.util.Map;

/** The counts and distributions of one time bucket of one scope (overall, a symbol, a strategy). */
final class FigureBucket {

    private static final int STATES = OrderStatus.values().length;
    private static final int OUTCOMES = GuardOutcome.values().length;
    private static final int REASONS = GuardReason.values().length;

    /** Index of the bucket in time (epoch millis / bucket width); -1 while unused. */
    long index = -1;
    final long[] ordersByState = new long[STATES];
    long entriesSubmitted;
    long entriesFilled;
    long partialFills;
    long submissions;
    long throttles;
    long replays;
    long venueDuplicates;
    long cacheHits;
    long cacheMisses;
    final long[] decisions = new long[OUTCOMES];
    final long[][] reasons = new long[OUTCOMES][REASONS];
    final Map<String, Long> findingsByKind = new HashMap<>(4);
    final Distribution slippageBps = new Distribution(0.01);
    final Distribution timeToFirstFillMs = new Distribution(1);

    void reset(long newIndex) {
        index = newIndex;
        java.util.Arrays.fill(ordersByState, 0);
        entriesSubmitted = 0;
        entriesFilled = 0;
        partialFills = 0;
        submissions = 0;
        throttles = 0;
        replays = 0;
        venueDuplicates = 0;
        cacheHits = 0;
        cacheMisses = 0;
        java.util.Arrays.fill(decisions, 0);
        for (long[] row : reasons) {
            java.util.Arrays.fill(row, 0);
        }
        findingsByKind.clear();
        slippageBps.reset();
        timeToFirstFillMs.reset();
    }

    /** The bucket's counts and distributions as JSON, for the hourly roll-ups kept in Postgres. */
    ObjectNode toJson() {
        ObjectNode node = EventJson.mapper().createObjectNode();
        var states = node.putArray("ordersByState");
        for (long n : ordersByState) {
            states.add(n);
        }
        node.put("entriesSubmitted", entriesSubmitted).put("entriesFilled", entriesFilled).put("partialFills", partialFills)
                .put("submissions", submissions).put("throttles", throttles).put("replays", replays)
                .put("venueDuplicates", venueDuplicates).put("cacheHits", cacheHits).put("cacheMisses", cacheMisses);
        var decisionArray = node.putArray("decisions");
        var reasonArray = node.putArray("reasons");
        for (int o = 0; o < OUTCOMES; o++) {
            decisionArray.add(decisions[o]);
            var row = reasonArray.addArray();
            for (long n : reasons[o]) {
                row.add(n);
            }
        }
        var findings = node.putObject("findingsByKind");
        findingsByKind.forEach(findings::put);
        node.put("slippageBps", slippageBps.encode());
        node.put("timeToFirstFillMs", timeToFirstFillMs.encode());
        return node;
    }

    /** Adds a bucket written by {@link #toJson()} (states, outcomes and reasons by position, as the enums stood). */
    void addJson(JsonNode node) throws java.io.IOException {
        for (int i = 0; i < Math.min(STATES, node.path("ordersByState").size()); i++) {
            ordersByState[i] += node.get("ordersByState").get(i).asLong();
        }
        entriesSubmitted += node.path("entriesSubmitted").asLong();
        entriesFilled += node.path("entriesFilled").asLong();
        partialFills += node.path("partialFills").asLong();
        submissions += node.path("submissions").asLong();
        throttles += node.path("throttles").asLong();
        replays += node.path("replays").asLong();
        venueDuplicates += node.path("venueDuplicates").asLong();
        cacheHits += node.path("cacheHits").asLong();
        cacheMisses += node.path("cacheMisses").asLong();
        for (int o = 0; o < Math.min(OUTCOMES, node.path("decisions").size()); o++) {
            decisions[o] += node.get("decisions").get(o).asLong();
            JsonNode row = node.path("reasons").path(o);
            for (int r = 0; r < Math.min(REASONS, row.size()); r++) {
                reasons[o][r] += row.get(r).asLong();
            }
        }
        node.path("findingsByKind").properties().forEach(e -> findingsByKind.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        slippageBps.addEncoded(node.get("slippageBps").binaryValue());
        timeToFirstFillMs.addEncoded(node.get("timeToFirstFillMs").binaryValue());
    }

    void addTo(FigureBucket target) {
        for (int i = 0; i < STATES; i++) {
            target.ordersByState[i] += ordersByState[i];
        }
        target.entriesSubmitted += entriesSubmitted;
        target.entriesFilled += entriesFilled;
        target.partialFills += partialFills;
        target.submissions += submissions;
        target.throttles += throttles;
        target.replays += replays;
        target.venueDuplicates += venueDuplicates;
        target.cacheHits += cacheHits;
        target.cacheMisses += cacheMisses;
        for (int o = 0; o < OUTCOMES; o++) {
            target.decisions[o] += decisions[o];
            for (int r = 0; r < REASONS; r++) {
                target.reasons[o][r] += reasons[o][r];
            }
        }
        findingsByKind.forEach((kind, n) -> target.findingsByKind.merge(kind, n, Long::sum));
        slippageBps.addTo(target.slippageBps);
        timeToFirstFillMs.addTo(target.timeToFirstFillMs);
    }
}
