package dev.orderflow.telemetry.domain;

import dev.orderflow.contracts.events.CacheSample;
import dev.orderflow.contracts.events.CoidDuplicate;
import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.events.ReconciliationFinding;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events as the producers publish them, for tests that feed the telemetry model or the broker. */
public final class TestEvents {

    private TestEvents() {
    }

    public static EventEnvelope<?> event(EventType type, Instant at, String subject, Record data) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), "/test", type, at, subject, EventType.SCHEMA_VERSION, data);
    }

    public static EventEnvelope<?> state(String coid, String symbol, String strategy, Intent intent, OrderStatus from,
            OrderStatus to, Instant at) {
        var change = new OrderStateChanged(coid, symbol, Side.BUY, intent, from, to, "test", null, new BigDecimal("1"),
                BigDecimal.ZERO, null, strategy, at);
        return event(EventType.forStatus(to), at, coid, change);
    }

    /** ACCEPTED then SUBMITTING of an order. */
    public static List<EventEnvelope<?>> submitted(String coid, String symbol, String strategy, Intent intent, Instant at) {
        return List.of(state(coid, symbol, strategy, intent, null, OrderStatus.ACCEPTED, at),
                state(coid, symbol, strategy, intent, OrderStatus.ACCEPTED, OrderStatus.SUBMITTING, at));
    }

    public static EventEnvelope<?> fill(String coid, String symbol, Intent intent, String quantity, String cumulative,
            String orderQuantity, Instant firstFillAt, Instant at) {
        boolean complete = new BigDecimal(cumulative).compareTo(new BigDecimal(orderQuantity)) == 0;
        var fill = new OrderFill(coid, symbol, Side.BUY, intent, "x-" + coid, UUID.randomUUID().toString(), new BigDecimal("100"),
                new BigDecimal(quantity), BigDecimal.ZERO, "USDT", new BigDecimal(cumulative), new BigDecimal(orderQuantity),
                new BigDecimal("100"), firstFillAt, at);
        return event(complete ? EventType.ORDER_FILLED : EventType.ORDER_PARTIAL, at, coid, fill);
    }

    public static EventEnvelope<?> slippage(String coid, String symbol, String bps, Instant at) {
        var slippage = new EntrySlippage(coid, symbol, Side.BUY, new BigDecimal("100"), new BigDecimal("100.1"), BigDecimal.ONE,
                new BigDecimal(bps), at);
        return event(EventType.ENTRY_SLIPPAGE, at, coid, slippage);
    }

    public static EventEnvelope<?> decision(String coid, String symbol, GuardOutcome outcome, Instant at, GuardReason... failed) {
        List<GuardFinding> findings = Arrays.stream(failed)
                .map(reason -> new GuardFinding(reason, false, BigDecimal.TEN, BigDecimal.ONE, "bps", null, null)).toList();
        var decision = new GuardDecision(coid, symbol, Side.BUY, Intent.ENTRY, outcome, outcome == GuardOutcome.SHADOW_BLOCK,
                true, findings, at, 100, at);
        return event(EventType.GUARD_DECISION, at, coid, decision);
    }

    public static EventEnvelope<?> replay(String coid, String symbol, String strategy, Instant at) {
        var replay = new CoidDuplicate(coid, symbol, strategy, OrderStatus.ACKNOWLEDGED, at.minusSeconds(1), 1, at);
        return event(EventType.COID_DUPLICATE, at, coid, replay);
    }

    public static EventEnvelope<?> throttle(String symbol, Instant at) {
        return event(EventType.RATE_LIMIT_THROTTLE, at, symbol, new RateLimitThrottle("paper", "ORDERS", 50, null, symbol, at));
    }

    public static EventEnvelope<?> cache(EventType type, String symbol, int lookups, Instant at) {
        return event(type, at, symbol, new CacheSample(symbol, 10, at, lookups));
    }

    /** A finished run with one finding of each kind, each about a new venue order; orphans and second venue orders are venue duplicates. */
    public static EventEnvelope<?> reconciliation(Instant at, String... findingKinds) {
        return reconciliation(at, Arrays.stream(findingKinds).map(kind -> finding(kind, "ex-" + UUID.randomUUID())).toList());
    }

    public static ReconciliationFinding finding(String kind, String exchangeOrderId) {
        boolean duplicate = kind.equals("ORPHAN_AT_EXCHANGE") || kind.equals("SECOND_VENUE_ORDER");
        return new ReconciliationFinding(kind, null, "VENUEUSDT", exchangeOrderId, "test", "NONE", duplicate);
    }

    public static EventEnvelope<?> reconciliation(Instant at, List<ReconciliationFinding> findings) {
        var run = new ReconciliationRun(UUID.randomUUID().toString(), "PERIODIC", "FINISHED", "schedule", at.minusSeconds(1), at,
                findings, null);
        return event(EventType.RECONCILIATION_RUN, at, "reconciler", run);
    }

    public static EventEnvelope<?> heartbeat(String service, String instance, String flagsHash, Instant at, Map<String, String> details) {
        return heartbeat(service, instance, flagsHash, at.minusSeconds(60), at, details);
    }

    public static EventEnvelope<?> heartbeat(String service, String instance, String flagsHash, Instant startedAt, Instant at,
            Map<String, String> details) {
        var heartbeat = new Heartbeat(service, instance, "0.1.0", "UP", flagsHash, true, startedAt,
                Duration.between(startedAt, at).toSeconds(), details, at);
        return event(EventType.HEARTBEAT, at, instance, heartbeat);
    }
}
