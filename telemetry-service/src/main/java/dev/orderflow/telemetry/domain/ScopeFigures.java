package dev.orderflow.telemetry.domain;

import java.util.Map;

/** The figures of one window: overall, per symbol and per strategy. */
public record ScopeFigures(Figures overall, Map<String, Figures> symbols, Map<String, Figures> strategies) {
}
