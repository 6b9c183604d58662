package dev.orderflow.telemetry.domain;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.alerts.AlertThreshold;
import dev.orderflow.contracts.events.AlertSeverity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The alert table with hysteresis, one alert per rule and subject (the whole flow, a service, an
 * instance). A severity is raised once its threshold has been breached for the rule's hold-for
 * period, as Prometheus's {@code for} does; an open alert steps down or resolves only after its
 * value has stayed below the threshold for {@code clearAfter}, so a value hovering at a threshold
 * does not flap. A subject whose value disappears (no traffic, an instance gone) clears the same way.
 */
public final class AlertEvaluator {

    public record Observation(AlertRule rule, String subject, BigDecimal value) {
    }

    public enum ChangeKind {
        RAISED, ESCALATED, DOWNGRADED, RESOLVED
    }

    /** One change of an alert; {@code severity} is the new one, or the last one for RESOLVED. */
    public record AlertChange(ChangeKind kind, String alertId, AlertRule rule, String subject, AlertSeverity severity,
            BigDecimal observed, BigDecimal threshold, Instant raisedAt, Instant at) {

        public boolean active() {
            return kind != ChangeKind.RESOLVED;
        }

        public String message() {
            String value = observed == null ? "no value" : observed.toPlainString() + " " + rule.unit();
            String condition = rule.threshold(severity).toString();
            String where = subject.isEmpty() ? "" : " (" + subject + ")";
            return switch (kind) {
                case RAISED, ESCALATED -> rule.metric() + where + " " + value + ", " + severity + " threshold " + condition;
                case DOWNGRADED -> rule.metric() + where + " " + value + ", back to " + severity + " (" + condition + ")";
                case RESOLVED -> rule.metric() + where + " " + value + ", no longer beyond " + condition;
            };
        }
    }

    /** An alert open before a restart. */
    public record OpenAlert(String alertId, String rule, String subject, AlertSeverity severity, Instant raisedAt,
            BigDecimal observed) {
    }

    private record Key(String rule, String subject) {
    }

    private static final class State {
        final AlertRule rule;
        final Map<AlertSeverity, Instant> breachedSince = new EnumMap<>(AlertSeverity.class);
        AlertSeverity open;
        String alertId;
        Instant raisedAt;
        Instant belowSince;
        BigDecimal lastValue;

        State(AlertRule rule) {
            this.rule = rule;
        }
    }

    private final Map<String, AlertRule> rules = new HashMap<>();
    private final boolean applyHoldFor;
    private final Duration clearAfter;
    private final Map<Key, State> states = new HashMap<>();

    public AlertEvaluator(List<AlertRule> rules, boolean applyHoldFor, Duration clearAfter) {
        rules.forEach(rule -> this.rules.put(rule.name(), rule));
        this.applyHoldFor = applyHoldFor;
        this.clearAfter = clearAfter;
    }

    /** Takes over an alert that was open before a restart, as if its condition had held all along. */
    public synchronized void restore(OpenAlert alert) {
        AlertRule rule = rules.get(alert.rule());
        if (rule == null) {
            return;
        }
        State state = states.computeIfAbsent(new Key(alert.rule(), alert.subject()), k -> new State(rule));
        state.open = alert.severity();
        state.alertId = alert.alertId();
        state.raisedAt = alert.raisedAt();
        state.lastValue = alert.observed();
        for (AlertSeverity severity : AlertSeverity.values()) {
            if (severity.compareTo(alert.severity()) <= 0) {
                state.breachedSince.put(severity, Instant.EPOCH);
            }
        }
    }

    public synchronized List<AlertChange> evaluate(List<Observation> observations, Instant now) {
        List<AlertChange> changes = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        for (Observation observation : observations) {
            Key key = new Key(observation.rule().name(), observation.subject());
            seen.add(key);
            State state = states.computeIfAbsent(key, k -> new State(observation.rule()));
            evaluate(state, key, observation.value(), now, changes);
        }
        for (var entry : List.copyOf(states.entrySet())) {
            if (!seen.contains(entry.getKey())) {
                evaluate(entry.getValue(), entry.getKey(), null, now, changes);
            }
        }
        states.values().removeIf(state -> state.open == null && state.breachedSince.isEmpty());
        return changes;
    }

    private void evaluate(State state, Key key, BigDecimal value, Instant now, List<AlertChange> changes) {
        AlertRule rule = state.rule;
        if (value != null) {
            state.lastValue = value;
        }
        for (AlertSeverity severity : AlertSeverity.values()) {
            if (value != null && rule.threshold(severity).breachedBy(value)) {
                state.breachedSince.putIfAbsent(severity, now);
            } else {
                state.breachedSince.remove(severity);
            }
        }
        AlertSeverity held = null;
        Duration holdFor = applyHoldFor ? rule.holdFor() : Duration.ZERO;
        for (AlertSeverity severity : AlertSeverity.values()) {
            Instant since = state.breachedSince.get(severity);
            if (since != null && !since.plus(holdFor).isAfter(now)) {
                held = severity;
            }
        }
        if (held != null && (state.open == null || held.compareTo(state.open) > 0)) {
            ChangeKind kind = state.open == null ? ChangeKind.RAISED : ChangeKind.ESCALATED;
            if (state.open == null) {
                state.alertId = UUID.randomUUID().toString();
                state.raisedAt = now;
            }
            state.open = held;
            state.belowSince = null;
            changes.add(change(kind, state, key, held, value, now));
            return;
        }
        if (state.open == null) {
            return;
        }
        boolean stillAtOpenLevel = state.breachedSince.containsKey(state.open);
        if (stillAtOpenLevel) {
            state.belowSince = null;
            return;
        }
        if (state.belowSince == null) {
            state.belowSince = now;
        }
        if (state.belowSince.plus(clearAfter).isAfter(now)) {
            return;
        }
        AlertSeverity below = state.breachedSince.containsKey(AlertSeverity.WARNING) ? AlertSeverity.WARNING : null;
        if (below != null && below.compareTo(state.open) < 0) {
            state.open = below;
            state.belowSince = null;
            changes.add(change(ChangeKind.DOWNGRADED, state, key, below, value, now));
        } else {
            changes.add(change(ChangeKind.RESOLVED, state, key, state.open, value, now));
            state.open = null;
            state.alertId = null;
            state.raisedAt = null;
            state.belowSince = null;
        }
    }

    private static AlertChange change(ChangeKind kind, State state, Key key, AlertSeverity severity, BigDecimal value, Instant now) {
        AlertThreshold threshold = state.rule.threshold(severity);
        return new AlertChange(kind, state.alertId, state.rule, key.subject(), severity, value != null ? value : state.lastValue,
                threshold.value(),
                state.raisedAt, now);
    }
}
