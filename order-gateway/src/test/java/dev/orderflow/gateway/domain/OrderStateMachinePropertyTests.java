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

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Any sequence of events, in any order, repeated or contradictory, applied to an order: the order never
 * reaches a state the diagram does not have, never takes a transition the diagram does not draw, and no
 * fill the exchange reported for an order that was sent to it is lost or counted twice.
 */
class OrderStateMachinePropertyTests {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** The diagram of {@link OrderStateMachine}; a status may also stay as it is (fills, late fills). */
    private static final Map<OrderStatus, Set<OrderStatus>> EDGES = Map.of(
            ACCEPTED, EnumSet.of(PENDING_GUARDS, SUBMITTING, CANCELED),
            PENDING_GUARDS, EnumSet.of(BLOCKED, SUBMITTING, CANCELED),
            SUBMITTING, EnumSet.of(ACKNOWLEDGED, REJECTED, UNKNOWN, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED),
            UNKNOWN, EnumSet.of(ACKNOWLEDGED, REJECTED, SUBMITTING, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED),
            ACKNOWLEDGED, EnumSet.of(PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED),
            PARTIALLY_FILLED, EnumSet.of(FILLED, CANCELED, EXPIRED));
    private static final Set<OrderStatus> NEVER_SENT = EnumSet.of(ACCEPTED, PENDING_GUARDS, BLOCKED);

    @Property(tries = 1000)
    void noEventSequenceReachesAnIllegalStateOrLosesAFill(@ForAll("quantities") BigDecimal quantity,
            @ForAll("eventSequences") List<OrderEvent> events) {
        OrderState order = OrderState.accepted("p:1", "BTCUSDT", Side.BUY, OrderType.LIMIT, Intent.ENTRY, "s1", quantity,
                new BigDecimal("100"), new BigDecimal("100"), T0);
        BigDecimal appliedFills = BigDecimal.ZERO;
        BigDecimal minPrice = null;
        BigDecimal maxPrice = null;
        boolean sent = false;
        for (OrderEvent event : events) {
            OrderStatus before = order.status();
            Transition transition = OrderStateMachine.apply(order, event);
            switch (transition) {
                case Applied applied -> {
                    OrderStatus after = applied.next().status();
                    assertThat(applied.from()).isEqualTo(before);
                    assertThat(after == before || EDGES.getOrDefault(before, Set.of()).contains(after))
                            .as("%s -> %s on %s", before, after, event).isTrue();
                    List<OrderStateChanged> changes = applied.events().stream().filter(e -> e.payload() instanceof OrderStateChanged)
                            .map(e -> (OrderStateChanged) e.payload()).toList();
                    if (applied.statusChanged() && !(event instanceof FillReported)) {
                        assertThat(changes).as("one event announces %s -> %s", before, after).singleElement()
                                .satisfies(c -> assertThat(c.from()).isEqualTo(before))
                                .satisfies(c -> assertThat(c.to()).isEqualTo(after));
                    }
                    if (event instanceof FillReported fill) {
                        assertThat(applied.next().executedQuantity()).isEqualByComparingTo(order.executedQuantity().add(fill.quantity()));
                        assertThat(applied.events()).extracting(OutboundEvent::type)
                                .containsAnyOf(EventType.ORDER_FILLED, EventType.ORDER_PARTIAL);
                        appliedFills = appliedFills.add(fill.quantity());
                        minPrice = minPrice == null ? fill.price() : minPrice.min(fill.price());
                        maxPrice = maxPrice == null ? fill.price() : maxPrice.max(fill.price());
                    } else {
                        assertThat(applied.next().executedQuantity()).isEqualByComparingTo(order.executedQuantity());
                    }
                    if (before.isTerminal()) {
                        assertThat(after).as("%s is final", before).isEqualTo(before);
                    }
                    order = applied.next();
                }
                case Ignored ignored -> {
                    assertThat(ignored.state()).isEqualTo(before);
                    assertThat(event).as("a fill is applied or refused as illegal, never dropped").isNotInstanceOf(FillReported.class);
                }
                case Illegal illegal -> {
                    assertThat(illegal.state()).isEqualTo(before);
                    if (event instanceof FillReported fill && sent && fill.quantity().signum() > 0
                            && order.executedQuantity().add(fill.quantity()).compareTo(quantity) <= 0) {
                        throw new AssertionError("fill of " + fill.quantity() + " lost in " + before + " (executed "
                                + order.executedQuantity() + " of " + quantity + "): " + illegal.reason());
                    }
                }
            }
            sent |= order.status() == SUBMITTING;
            assertInvariants(order, quantity, appliedFills, minPrice, maxPrice);
        }
    }

    private static void assertInvariants(OrderState order, BigDecimal quantity, BigDecimal appliedFills, BigDecimal minPrice,
            BigDecimal maxPrice) {
        BigDecimal executed = order.executedQuantity();
        assertThat(executed).as("executed").isEqualByComparingTo(appliedFills);
        assertThat(executed.signum()).isNotNegative();
        assertThat(executed).isLessThanOrEqualTo(quantity);
        assertThat(order.resubmissions()).isBetween(0, OrderStateMachine.MAX_RESUBMISSIONS);
        switch (order.status()) {
            case FILLED -> assertThat(executed).isEqualByComparingTo(quantity);
            case PARTIALLY_FILLED -> assertThat(executed.signum() > 0 && executed.compareTo(quantity) < 0).isTrue();
            case ACCEPTED, PENDING_GUARDS, BLOCKED -> assertThat(executed.signum()).as("%s was never at the exchange", order.status()).isZero();
            default -> {
            }
        }
        if (executed.signum() > 0) {
            assertThat(order.averagePrice()).isBetween(minPrice, maxPrice);
            assertThat(order.firstFillAt()).isNotNull();
            assertThat(NEVER_SENT).doesNotContain(order.status());
        }
    }

    @Provide
    Arbitrary<BigDecimal> quantities() {
        return Arbitraries.integers().between(1, 5_000).map(lots -> BigDecimal.valueOf(lots, 3));
    }

    @Provide
    Arbitrary<List<OrderEvent>> eventSequences() {
        AtomicInteger trades = new AtomicInteger();
        Arbitrary<Instant> at = Arbitraries.longs().between(0, 600_000).map(T0::plusMillis);
        Arbitrary<String> reason = Arbitraries.of("", "TTL", "operator", "-2010", "timeout");
        Arbitrary<OrderEvent> fill = Combinators.combine(
                Arbitraries.integers().between(-1, 3_000).map(lots -> BigDecimal.valueOf(lots, 3)),
                Arbitraries.integers().between(9_000, 11_000).map(cents -> BigDecimal.valueOf(cents, 2)), at)
                .as((qty, price, time) -> new FillReported("x1", "t" + trades.incrementAndGet(), price, qty, BigDecimal.ZERO, "BNB", time));
        Arbitrary<OrderEvent> event = Arbitraries.frequencyOf(
                Tuple.of(2, at.map(GuardsRequested::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.of(GuardOutcome.class), reason, at).as(GuardDecided::new)),
                Tuple.of(1, at.map(GuardTimedOut::new)),
                Tuple.of(3, at.map(SubmissionStarted::new)),
                Tuple.of(2, at.map(t -> new ExchangeAcknowledged("x1", t))),
                Tuple.of(1, Combinators.combine(reason, at).as(ExchangeRejected::new)),
                Tuple.of(2, Combinators.combine(reason, at).as(OutcomeUnknown::new)),
                Tuple.of(2, at.map(NotFoundAtExchange::new)),
                Tuple.of(8, fill),
                Tuple.of(1, Combinators.combine(reason, at).as(CancelRequested::new)),
                Tuple.of(1, Combinators.combine(reason, at).as(ExchangeCanceled::new)),
                Tuple.of(1, Combinators.combine(reason, at).as(ExchangeExpired::new)),
                Tuple.of(1, Combinators.combine(reason, at).as(MarkedLost::new)));
        return event.list().ofMinSize(1).ofMaxSize(30);
    }
}
