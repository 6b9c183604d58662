package dev.orderflow.telemetry.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The figures of one hour of one scope ({@code overall} / {@code all}, or {@code symbol} / the symbol),
 * in a form that adds up: counts, and distributions as histograms. A week's report is built from 168
 * of them, without a week of events in memory.
 */
public record HourlyRollup(Instant hour, String scope, String key, JsonNode figures) {

    public static final String OVERALL = "overall";
    public static final String SYMBOL = "symbol";
    public static final String ALL = "all";

    /** The figures of several roll-ups together: counts summed, distributions merged. */
    public static Figures sum(Iterable<JsonNode> rollups) {
        FigureBucket sum = new FigureBucket();
        for (JsonNode rollup : rollups) {
            try {
                sum.addJson(rollup);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Unreadable roll-up: " + e.getMessage(), e);
            }
        }
        return Figures.of(sum);
    }
}
