package dev.orderflow.gateway.domain;

import static dev.orderflow.contracts.events.OrderStatus.ACCEPTED;
import static dev.orderflow.contracts.events.OrderStatus.ACKNOWLEDGED;
import static dev.orderflow.contracts.events.OrderStatus.BLOCKED;
import static dev.orderflow.contracts.events.OrderStatus.CANCELED;
import static dev.orderflow.contracts.events.OrderStatus.EXPIRED;
import static dev.orderflow.contracts.events.OrderStatus.FILLED;
import static dev.orderflow.contracts.events.OrderStatus.PARTIALLY_FILLED;
import static dev.orderflow.contracts.events.OrderStatus.PENDING_GUARDS;
import static dev.orderflow.contracts.events.OrderStatus.REJECTED;
import static dev.orderflow.contracts.events.OrderStatus.SUBMITTING;
import static dev.orderflow.contracts.events.OrderStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.SlippageReference;
import dev.orderflow.gateway.domain.OrderEvent.CancelRequested;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeAcknowledged;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeCanceled;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeExpired;
import dev.orderflow.gateway.domain.OrderEvent.ExchangeRejected;
import dev.orderflow.gateway.domain.OrderEvent.FillReported;
import dev.orderflow.gateway.domain.OrderEvent.GuardDecided;
import dev.orderflow.gateway.domain.OrderEvent.GuardTimedOut;
import dev.orderflow.gateway.domain.OrderEvent.GuardsRequested;
import dev.orderflow.gateway.domain.OrderEvent.MarkedLost;
import dev.orderflow.gateway.domain.OrderEvent.NotFoundAtExchange;
import dev.orderflow.gateway.domain.OrderEvent.OutcomeUnknown;
import dev.orderflow.gateway.domain.OrderEvent.SubmissionStarted;
import dev.orderflow.gateway.domain.Transition.Applied;
import dev.orderflow.gateway.domain.Transition.Ignored;
import dev.orderflow.gateway.domain.Transition.Illegal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderStateMachineTests {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);

    /** Expected outcome of each event in each state: a target state, "ignored" or "illegal". */
    private static final Map<String, OrderEvent> EVENTS = new LinkedHashMap<>();
    private static final Map<String, Map<OrderStatus, String>> EXPECTED = new LinkedHashMap<>();

    static {
        EVENTS.put("GuardsRequested", new GuardsRequested(T1));
        EVENTS.put("GuardAllow", new GuardDecided(GuardOutcome.ALLOW, null, T1));
        EVENTS.put("GuardShadowBlock", new GuardDecided(GuardOutcome.SHADOW_BLOCK, "SPREAD", T1));
        EVENTS.put("GuardBlock", new GuardDecided(GuardOutcome.BLOCK, "SLIPPAGE", T1));
        EVENTS.put("GuardTimedOut", new GuardTimedOut(T1));
        EVENTS.put("SubmissionStarted", new SubmissionStarted(T1));
        EVENTS.put("ExchangeAcknowledged", new ExchangeAcknowledged("42", T1));
        EVENTS.put("ExchangeRejected", new ExchangeRejected("-2010", T1));
        EVENTS.put("OutcomeUnknown", new OutcomeUnknown("timeout", T1));
        EVENTS.put("NotFoundAtExchange", new NotFoundAtExchange(T1));
        EVENTS.put("PartialFill", new FillReported("42", "t1", new BigDecimal("100"), new BigDecimal("0.4"), null, null, T1));
        EVENTS.put("CancelRequested", new CancelRequested("operator", T1));
        EVENTS.put("ExchangeCanceled", new ExchangeCanceled("TTL", T1));
        EVENTS.put("ExchangeExpired", new ExchangeExpired("IOC", T1));
        EVENTS.put("MarkedLost", new MarkedLost("reconciler", T1));

        //                       ACCEPTED        PENDING_GUARDS  BLOCKED    SUBMITTING        UNKNOWN           ACKNOWLEDGED      PARTIALLY_FILLED  FILLED     CANCELED   REJECTED   EXPIRED
        row("GuardsRequested", "PENDING_GUARDS", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal");
        row("GuardAllow", "illegal", "SUBMITTING", "ignored", "illegal", "illegal", "illegal", "illegal", "ignored", "ignored", "ignored", "ignored");
        row("GuardShadowBlock", "illegal", "SUBMITTING", "ignored", "illegal", "illegal", "illegal", "illegal", "ignored", "ignored", "ignored", "ignored");
        row("GuardBlock", "illegal", "BLOCKED", "ignored", "illegal", "illegal", "illegal", "illegal", "ignored", "ignored", "ignored", "ignored");
        row("GuardTimedOut", "illegal", "BLOCKED", "ignored", "illegal", "illegal", "illegal", "illegal", "ignored", "ignored", "ignored", "ignored");
        row("SubmissionStarted", "SUBMITTING", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal");
        row("ExchangeAcknowledged", "illegal", "illegal", "illegal", "ACKNOWLEDGED", "ACKNOWLEDGED", "ignored", "ignored", "ignored", "ignored", "ignored", "ignored");
        row("ExchangeRejected", "illegal", "illegal", "ignored", "REJECTED", "REJECTED", "illegal", "illegal", "ignored", "ignored", "ignored", "ignored");
        row("OutcomeUnknown", "illegal", "illegal", "illegal", "UNKNOWN", "ignored", "ignored", "ignored", "ignored", "ignored", "ignored", "ignored");
        row("NotFoundAtExchange", "illegal", "illegal", "illegal", "illegal", "SUBMITTING", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal");
        row("PartialFill", "illegal", "illegal", "illegal", "PARTIALLY_FILLED", "PARTIALLY_FILLED", "PARTIALLY_FILLED", "PARTIALLY_FILLED", "illegal", "CANCELED", "REJECTED", "EXPIRED");
        row("CancelRequested", "CANCELED", "CANCELED", "illegal", "illegal", "illegal", "illegal", "illegal", "illegal", "ignored", "illegal", "illegal");
        row("ExchangeCanceled", "illegal", "illegal", "ignored", "CANCELED", "CANCELED", "CANCELED", "CANCELED", "ignored", "ignored", "ignored", "ignored");
        row("ExchangeExpired", "illegal", "illegal", "ignored", "EXPIRED", "EXPIRED", "EXPIRED", "EXPIRED", "ignored", "ignored", "ignored", "ignored");
        row("MarkedLost", "CANCELED", "CANCELED", "ignored", "CANCELED", "CANCELED", "CANCELED", "CANCELED", "ignored", "ignored", "ignored", "ignored");
    }

    private static void row(String event, String... outcomes) {
        Map<OrderStatus, String> byState = new EnumMap<>(OrderStatus.class);
        OrderStatus[] states = OrderStatus.values();
        assertThat(outcomes).hasSize(states.length);
        for (int i = 0; i < states.length; i++) {
            byState.put(states[i], outcomes[i]);
        }
        EXPECTED.put(event, byState);
    }

    static Stream<Arguments> everyEventInEveryState() {
        return EXPECTED.entrySet().stream().flatMap(row -> row.getValue().entrySet().stream()
                .map(cell -> Arguments.of(cell.getKey(), row.getKey(), cell.getValue())));
    }

    @Test
    void tableCoversEveryEventTypeAndEveryState() {
        assertThat(EVENTS.values().stream().map(Object::getClass).distinct().count())
                .isEqualTo(OrderEvent.class.getPermittedSubclasses().length);
        EXPECTED.values().forEach(row -> assertThat(row.keySet()).containsExactlyInAnyOrder(OrderStatus.values()));
    }

    @ParameterizedTest(name = "{1} in {0} -> {2}")
    @MethodSource("everyEventInEveryState")
    void everyEventInEveryStateHasTheDesignedOutcome(OrderStatus state, String eventName, String expected) {
        OrderState order = order(state, new BigDecimal("0.2"));
        Transition transition = OrderStateMachine.apply(order, EVENTS.get(eventName));
        switch (expected) {
            case "illegal" -> assertThat(transition).isInstanceOf(Illegal.class);
            case "ignored" -> assertThat(transition).isInstanceOf(Ignored.class);
            default -> {
                assertThat(transition).isInstanceOf(Applied.class);
                Applied applied = (Applied) transition;
                assertThat(applied.from()).isEqualTo(state);
                assertThat(applied.next().status()).isEqualTo(OrderStatus.valueOf(expected));
                assertThat(applied.cause()).isNotBlank();
                assertThat(applied.events()).isNotEmpty();
            }
        }
    }

    @Test
    void terminalStatesNeverMoveToANonTerminalState() {
        for (OrderStatus state : OrderStatus.values()) {
            if (!state.isTerminal()) {
                continue;
            }
            for (OrderEvent event : EVENTS.values()) {
                if (OrderStateMachine.apply(order(state, BigDecimal.ZERO), event) instanceof Applied applied) {
                    assertThat(applied.next().status()).as("%s after %s", state, event).isEqualTo(state);
                }
            }
        }
    }

    @Test
    void acceptedOrderIsAnnouncedWithItsTerms() {
        OrderState order = order(ACCEPTED, BigDecimal.ZERO);
        var events = OrderStateMachine.acceptedEvents(order, "accepted");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.ORDER_ACCEPTED);
            OrderStateChanged changed = (OrderStateChanged) e.payload();
            assertThat(changed.from()).isNull();
            assertThat(changed.to()).isEqualTo(ACCEPTED);
            assertThat(changed.quantity()).isEqualByComparingTo("1");
        });
    }

    @Test
    void stateChangeEventCarriesFromToCauseAndTheLifecycleType() {
        Applied applied = (Applied) OrderStateMachine.apply(order(SUBMITTING, BigDecimal.ZERO),
                new ExchangeAcknowledged("987", T1));
        assertThat(applied.next().exchangeOrderId()).isEqualTo("987");
        assertThat(applied.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.ORDER_ACKNOWLEDGED);
            OrderStateChanged changed = (OrderStateChanged) e.payload();
            assertThat(changed.from()).isEqualTo(SUBMITTING);
            assertThat(changed.to()).isEqualTo(ACKNOWLEDGED);
            assertThat(changed.exchangeOrderId()).isEqualTo("987");
            assertThat(changed.at()).isEqualTo(T1);
        });
    }

    @Test
    void guardTimeoutBlocksWithTheGuideReason() {
        Applied applied = (Applied) OrderStateMachine.apply(order(PENDING_GUARDS, BigDecimal.ZERO), new GuardTimedOut(T1));
        assertThat(applied.next().status()).isEqualTo(BLOCKED);
        assertThat(applied.cause()).isEqualTo("GUARD_TIMEOUT");
    }

    @Test
    void notFoundAfterUnknownIsResubmittedOnceThenRejected() {
        Applied first = (Applied) OrderStateMachine.apply(order(UNKNOWN, BigDecimal.ZERO), new NotFoundAtExchange(T1));
        assertThat(first.next().status()).isEqualTo(SUBMITTING);
        assertThat(first.next().resubmissions()).isEqualTo(1);

        Applied unknownAgain = (Applied) OrderStateMachine.apply(first.next(), new OutcomeUnknown("timeout", T1));
        Applied second = (Applied) OrderStateMachine.apply(unknownAgain.next(), new NotFoundAtExchange(T1));
        assertThat(second.next().status()).isEqualTo(REJECTED);
        assertThat(second.next().resubmissions()).isEqualTo(1);
    }

    @Test
    void fillsAccumulateWithVolumeWeightedAverageAndFirstFillTime() {
        OrderState order = order(ACKNOWLEDGED, BigDecimal.ZERO);
        Applied first = (Applied) OrderStateMachine.apply(order,
                new FillReported("42", "t1", new BigDecimal("100"), new BigDecimal("0.25"), new BigDecimal("0.01"), "USDT", T1));
        assertThat(first.next().status()).isEqualTo(PARTIALLY_FILLED);
        assertThat(first.next().firstFillAt()).isEqualTo(T1);
        assertThat(first.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.ORDER_PARTIAL);
            OrderFill fill = (OrderFill) e.payload();
            assertThat(fill.cumulativeQuantity()).isEqualByComparingTo("0.25");
            assertThat(fill.averagePrice()).isEqualByComparingTo("100");
        });

        Instant t2 = T1.plusSeconds(5);
        Applied second = (Applied) OrderStateMachine.apply(first.next(),
                new FillReported("42", "t2", new BigDecimal("104"), new BigDecimal("0.75"), null, null, t2));
        assertThat(second.next().status()).isEqualTo(FILLED);
        assertThat(second.next().executedQuantity()).isEqualByComparingTo("1");
        assertThat(second.next().averagePrice()).isEqualByComparingTo("103");
        assertThat(second.next().firstFillAt()).isEqualTo(T1);
        assertThat(second.events()).extracting(OutboundEvent::type)
                .containsExactly(EventType.ORDER_FILLED, EventType.ENTRY_SLIPPAGE);
        EntrySlippage slippage = (EntrySlippage) second.events().get(1).payload();
        // reference 100, average 103 on a buy: 300 bps worse
        assertThat(slippage.slippageBps()).isEqualByComparingTo("300.00");
        assertThat(slippage.filledQuantity()).isEqualByComparingTo("1");
    }

    @Test
    void entrySlippageIsMeasuredAgainstTheStrategysReferenceFirstThenTheMeasuredOne() {
        SlippageBasis expected = new SlippageBasis(new BigDecimal("99"), SlippageReference.GUARDS_EXPECTED);
        OrderState both = withMeasured(order(ACKNOWLEDGED, BigDecimal.ZERO), expected);
        OrderState measuredOnly = withMeasured(withoutStrategyReference(order(ACKNOWLEDGED, BigDecimal.ZERO)), expected);
        OrderState neither = withoutStrategyReference(order(ACKNOWLEDGED, BigDecimal.ZERO));
        FillReported fill = new FillReported("42", "t1", new BigDecimal("100"), BigDecimal.ONE, null, null, T1);

        assertThat(slippage(both, fill)).get().satisfies(s -> {
            assertThat(s.referenceSource()).isEqualTo(SlippageReference.STRATEGY);
            assertThat(s.slippageBps()).isEqualByComparingTo("0");
        });
        assertThat(slippage(measuredOnly, fill)).get().satisfies(s -> {
            assertThat(s.referenceSource()).isEqualTo(SlippageReference.GUARDS_EXPECTED);
            assertThat(s.referencePrice()).isEqualByComparingTo("99");
            assertThat(s.slippageBps()).isEqualByComparingTo("101.01"); // (100 - 99) / 99 x 10 000
        });
        assertThat(slippage(neither, fill)).isEmpty();
    }

    private static java.util.Optional<EntrySlippage> slippage(OrderState order, FillReported fill) {
        return ((Applied) OrderStateMachine.apply(order, fill)).events().stream().map(OutboundEvent::payload)
                .filter(EntrySlippage.class::isInstance).map(EntrySlippage.class::cast).findFirst();
    }

    private static OrderState withMeasured(OrderState o, SlippageBasis measured) {
        return new OrderState(o.clientOrderId(), o.symbol(), o.side(), o.type(), o.intent(), o.strategyId(), o.quantity(), o.price(),
                o.referencePrice(), o.status(), o.exchangeOrderId(), o.executedQuantity(), o.averagePrice(), o.firstFillAt(),
                o.resubmissions(), o.acceptedAt(), measured);
    }

    private static OrderState withoutStrategyReference(OrderState o) {
        return new OrderState(o.clientOrderId(), o.symbol(), o.side(), o.type(), o.intent(), o.strategyId(), o.quantity(), o.price(),
                null, o.status(), o.exchangeOrderId(), o.executedQuantity(), o.averagePrice(), o.firstFillAt(),
                o.resubmissions(), o.acceptedAt(), o.measuredReference());
    }

    @Test
    void exitsPublishNoEntrySlippage() {
        OrderState exit = new OrderState("exit-1", "BTCUSDT", Side.SELL, OrderType.MARKET, Intent.EXIT, null,
                BigDecimal.ONE, null, new BigDecimal("100"), ACKNOWLEDGED, "1", BigDecimal.ZERO, null, null, 0, T0);
        Applied applied = (Applied) OrderStateMachine.apply(exit,
                new FillReported("1", "t1", new BigDecimal("99"), BigDecimal.ONE, null, null, T1));
        assertThat(applied.events()).extracting(OutboundEvent::type).containsExactly(EventType.ORDER_FILLED);
    }

    @Test
    void slippageIsPositiveWhenWorseForBothSides() {
        assertThat(OrderStateMachine.slippageBps(Side.BUY, new BigDecimal("100"), new BigDecimal("100.5")))
                .isEqualByComparingTo("50");
        assertThat(OrderStateMachine.slippageBps(Side.SELL, new BigDecimal("100"), new BigDecimal("100.5")))
                .isEqualByComparingTo("-50");
        assertThat(OrderStateMachine.slippageBps(Side.SELL, new BigDecimal("100"), new BigDecimal("99")))
                .isEqualByComparingTo("100");
    }

    @Test
    void overfillIsIllegalAndChangesNothing() {
        OrderState order = order(PARTIALLY_FILLED, new BigDecimal("0.8"));
        Transition transition = OrderStateMachine.apply(order,
                new FillReported("42", "t9", new BigDecimal("100"), new BigDecimal("0.3"), null, null, T1));
        assertThat(transition).isInstanceOf(Illegal.class);
        assertThat(((Illegal) transition).reason()).contains("exceeds");
    }

    @Test
    void lateFillAfterCancelIsRecordedWithoutReopeningTheOrder() {
        OrderState order = order(CANCELED, new BigDecimal("0.2"));
        Applied applied = (Applied) OrderStateMachine.apply(order,
                new FillReported("42", "t3", new BigDecimal("100"), new BigDecimal("0.1"), null, null, T1));
        assertThat(applied.next().status()).isEqualTo(CANCELED);
        assertThat(applied.statusChanged()).isFalse();
        assertThat(applied.next().executedQuantity()).isEqualByComparingTo("0.3");
    }

    @Test
    void aFillAfterTheOrderWasGivenUpAsNotFoundIsRecorded() {
        OrderState order = order(SUBMITTING, BigDecimal.ZERO);
        for (OrderEvent event : List.<OrderEvent>of(new OutcomeUnknown("timeout", T1), new NotFoundAtExchange(T1),
                new OutcomeUnknown("timeout", T1), new NotFoundAtExchange(T1))) {
            order = ((Applied) OrderStateMachine.apply(order, event)).next();
        }
        assertThat(order.status()).isEqualTo(REJECTED);

        Transition late = OrderStateMachine.apply(order,
                new FillReported("42", "t7", new BigDecimal("100"), new BigDecimal("0.4"), null, null, T1));

        assertThat(late).isInstanceOf(Applied.class);
        assertThat(((Applied) late).next().status()).isEqualTo(REJECTED);
        assertThat(((Applied) late).next().executedQuantity()).isEqualByComparingTo("0.4");
    }

    @Test
    void outOfOrderAcknowledgementAfterFillChangesNothing() {
        OrderState filled = order(FILLED, BigDecimal.ONE);
        assertThat(OrderStateMachine.apply(filled, new ExchangeAcknowledged("42", T1))).isInstanceOf(Ignored.class);
        OrderState partial = order(PARTIALLY_FILLED, new BigDecimal("0.5"));
        assertThat(OrderStateMachine.apply(partial, new ExchangeAcknowledged("42", T1))).isInstanceOf(Ignored.class);
    }

    private static OrderState order(OrderStatus status, BigDecimal executed) {
        return new OrderState("coid-1", "BTCUSDT", Side.BUY, OrderType.LIMIT, Intent.ENTRY, "s1", BigDecimal.ONE,
                new BigDecimal("100"), new BigDecimal("100"), status, status.ordinal() >= 5 ? "42" : null, executed,
                executed.signum() > 0 ? new BigDecimal("100") : null, executed.signum() > 0 ? T0 : null, 0, T0);
    }
}
