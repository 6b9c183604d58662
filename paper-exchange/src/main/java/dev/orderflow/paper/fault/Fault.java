package dev.orderflow.paper.fault;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One active fault.
 *
 * @param symbol only requests/events of this symbol, or null for all
 * @param probability chance that a matching request is hit (0..1]
 * @param times how many hits before the fault removes itself, or null for no end
 */
public record Fault(String id, FaultType type, String symbol, double probability, Long times,
        Map<String, Double> params, AtomicLong hits) {

    public double param(String name, double fallback) {
        Double value = params.get(name);
        return value == null ? fallback : value;
    }

    public boolean appliesTo(String requestSymbol) {
        return symbol == null || symbol.equals(requestSymbol);
    }

    boolean exhausted() {
        return times != null && hits.get() >= times;
    }
}
