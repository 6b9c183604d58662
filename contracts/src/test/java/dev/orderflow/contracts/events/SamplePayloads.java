package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic payload per event type, with every optional field set. */
final class SamplePayloads {

    static final Instant T0 = Instant.parse("2026-11-25T10:15:30.123456Z");

    private SamplePayloads() {
    }

    static Record forType(EventType type) {
        return switch (type) {
            case ORDER_INTENT -> new OrderIntent("strat-1:0001", "BTCUSDT", Side.BUY, OrderType.LIMIT,
                    new BigDecimal("0.01000"), new BigDecimal("65000.10"), TimeInForce.GTC, Intent.ENTRY,
                    new BigDecimal("65000.00"), "momentum-1", 300, T0);
            case GUARD_DECISION -> new GuardDecision("strat-1:0001", "BTCUSDT", Side.BUY, Intent.ENTRY, GuardOutcome.BLOCK,
                    false, true, List.of(
                            new GuardFinding(GuardReason.SLIPPAGE, false, new BigDecimal("23.4"), new BigDecimal("20"), "bps", 3, "VWAP 65152.1 vs reference 65000"),
                            new GuardFinding(GuardReason.SPREAD, true, new BigDecimal("1.5"), new BigDecimal("10"), "bps", 1, null)),
                    T0.minusMillis(120), 180, T0, new BigDecimal("65152.1"));
            case ORDER_ACCEPTED -> new OrderStateChanged("strat-1:0001", "BTCUSDT", Side.BUY, Intent.ENTRY, null,
                    OrderStatus.ACCEPTED, "accepted", null, new BigDecimal("0.01"), new BigDecimal("0"), null, "momentum-1", T0, 300);
            case ORDER_PENDING_GUARDS, ORDER_BLOCKED, ORDER_SUBMITTED, ORDER_UNKNOWN, ORDER_ACKNOWLEDGED,
                 ORDER_CANCELED, ORDER_REJECTED, ORDER_EXPIRED -> new OrderStateChanged("strat-1:0001", "BTCUSDT", Side.BUY,
                    Intent.ENTRY, OrderStatus.SUBMITTING, OrderStatus.ACKNOWLEDGED, "exchange ack", "123456",
                    new BigDecimal("0.01"), new BigDecimal("0"), new BigDecimal("65000.10"), "momentum-1", T0);
            case ORDER_PARTIAL, ORDER_FILLED -> new OrderFill("strat-1:0001", "BTCUSDT", Side.BUY, Intent.ENTRY, "123456",
                    "98765", new BigDecimal("65000.10"), new BigDecimal("0.004"), new BigDecimal("0.000004"), "BTC",
                    new BigDecimal("0.004"), new BigDecimal("0.01"), new BigDecimal("65000.10"), T0, T0);
            case ENTRY_SLIPPAGE -> new EntrySlippage("strat-1:0001", "BTCUSDT", Side.BUY, new BigDecimal("65000.00"),
                    new BigDecimal("65013.00"), new BigDecimal("0.01"), new BigDecimal("2.00"), T0, SlippageReference.GUARDS_EXPECTED);
            case COID_DUPLICATE -> new CoidDuplicate("strat-1:0001", "BTCUSDT", "momentum-1", OrderStatus.FILLED, T0, 2, T0.plusSeconds(5));
            case RATE_LIMIT_THROTTLE -> new RateLimitThrottle("paper", "RETRY_AFTER", 1500, 429, "BTCUSDT", T0);
            case ORDER_COMMAND -> new OrderCommand("cmd-1", CommandType.APPLY_FILL, "strat-1:0001", "BTCUSDT",
                    "fill seen at exchange during reconciliation", "reconciler",
                    new ExchangeOrderSnapshot("123456", "strat-1:0001", "BTCUSDT", Side.BUY, OrderType.LIMIT,
                            new BigDecimal("65000.10"), new BigDecimal("0.01"), new BigDecimal("0.01"), "FILLED", T0),
                    new FillReport("98765", new BigDecimal("65000.10"), new BigDecimal("0.01"), new BigDecimal("0.00001"), "BTC", T0),
                    T0);
            case HEARTBEAT -> new Heartbeat("order-gateway", "order-gateway-7d9f-abc", "0.1.0", "UP", "a1b2c3d4e5f6", true,
                    T0, 3600, Map.of("outboxLagMs", "12"), T0);
            case ALERT -> new Alert("dup-1", "duplicate_orders", "orderflow_duplicate_orders", AlertSeverity.CRITICAL, true,
                    new BigDecimal("4"), new BigDecimal("3"), "Disable COID Manager, investigate", "4 duplicate orders in the last hour", T0);
            case RECONCILIATION_RUN -> new ReconciliationRun("run-1", "STARTUP", "FINISHED", "order-gateway-7d9f-abc", T0, T0.plusSeconds(2),
                    List.of(new ReconciliationFinding("ORPHAN_AT_EXCHANGE", "strat-1:0002", "ETHUSDT", "555", "open at exchange, unknown locally", "ADOPT", true)),
                    null);
            case CACHE_HIT, CACHE_MISS -> new CacheSample("BTCUSDT", 35, T0, 120);
        };
    }
}
