package dev.orderflow.reconciler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.CommandType;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventSchemas;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.ReconciliationFinding;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueTrade;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant OLD = NOW.minusSeconds(60);
    private final Reconciliation reconciliation = new Reconciliation("reconciler", Duration.ofSeconds(10), Duration.ofSeconds(60));

    @Test
    void orphanOpenAtTheExchangeIsAdoptedWithItsSnapshot() {
        VenueOrder orphan = exchangeOrder("orphan-1", "77", "NEW", "0", OLD);
        var result = reconciliation.reconcile("run-1", List.of(), known(), view(List.of(orphan), Map.of(), Map.of()), NOW);

        assertThat(result.findings()).extracting(ReconciliationFinding::kind, ReconciliationFinding::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ORPHAN_AT_EXCHANGE", "ADOPT"));
        OrderCommand adopt = result.commands().getFirst();
        assertThat(adopt.command()).isEqualTo(CommandType.ADOPT);
        assertThat(adopt.commandId()).isEqualTo("reconcile:run-1:orphan-1:ADOPT");
        assertThat(adopt.exchangeOrder().exchangeOrderId()).isEqualTo("77");
        assertThat(adopt.exchangeOrder().status()).isEqualTo("NEW");
        assertValid(adopt);
    }

    @Test
    void orphansAreVenueDuplicatesAndNoOtherFindingIs() {
        VenueOrder orphan = exchangeOrder("orphan-2", "78", "NEW", "0", OLD);
        VenueOrder foreign = exchangeOrder("x".repeat(40), "79", "NEW", "0", OLD);
        LocalOrder lost = local("lost-9", OrderStatus.ACKNOWLEDGED, "0", Set.of());
        var result = reconciliation.reconcile("run-1", List.of(lost), known(), view(List.of(orphan, foreign),
                Map.of("lost-9", Optional.empty()), Map.of()), NOW);
        assertThat(result.findings()).extracting(ReconciliationFinding::kind, ReconciliationFinding::venueDuplicate)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("MISSING_AT_EXCHANGE", false),
                        org.assertj.core.groups.Tuple.tuple("ORPHAN_AT_EXCHANGE", true),
                        org.assertj.core.groups.Tuple.tuple("ORPHAN_AT_EXCHANGE", true));
    }

    @Test
    void secondExchangeOrderUnderAKnownClientOrderIdIsAVenueDuplicateLeftToAnOperator() {
        VenueOrder second = exchangeOrder("twice-1", "501", "NEW", "0", OLD);
        Map<String, String> recorded = Map.of("twice-1", "500");
        var result = reconciliation.reconcile("run-1", List.of(), recorded, view(List.of(second), Map.of(), Map.of()), NOW);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("SECOND_VENUE_ORDER");
            assertThat(f.venueDuplicate()).isTrue();
            assertThat(f.exchangeOrderId()).isEqualTo("501");
            assertThat(f.clientOrderId()).isEqualTo("twice-1");
            assertThat(f.action()).isEqualTo("NONE");
            assertThat(f.detail()).contains("exchange order 500").contains("cancel exchange order 501");
        });
        assertThat(result.commands()).as("a cancel by client order id could hit either order").isEmpty();
    }

    @Test
    void secondExchangeOrderIsNotTakenForTheStateOfTheOrderTheGatewayHas() {
        LocalOrder first = local("twice-2", OrderStatus.ACKNOWLEDGED, "0", Set.of());
        LocalOrder withId = new LocalOrder(first.clientOrderId(), first.symbol(), first.side(), first.status(), "600",
                first.quantity(), first.executedQuantity(), first.updatedAt(), Set.of(), null, null);
        VenueOrder second = exchangeOrder("twice-2", "601", "PARTIALLY_FILLED", "0.0005", OLD);
        var result = reconciliation.reconcile("run-1", List.of(withId), Map.of("twice-2", "600"),
                view(List.of(second), Map.of(), Map.of("601", List.of(trade("t-1", "601", OLD)))), NOW);
        assertThat(result.findings()).extracting(ReconciliationFinding::kind).containsExactly("SECOND_VENUE_ORDER");
        assertThat(result.commands()).as("no fill of the other order applied to this one").isEmpty();
    }

    @Test
    void sameExchangeOrderAsRecordedOrNoneRecordedYetIsNoDuplicate() {
        VenueOrder same = exchangeOrder("once-1", "700", "NEW", "0", OLD);
        VenueOrder pending = exchangeOrder("once-2", "701", "NEW", "0", OLD);
        Map<String, String> recorded = new java.util.HashMap<>();
        recorded.put("once-1", "700");
        recorded.put("once-2", null);
        var result = reconciliation.reconcile("run-1", List.of(), recorded, view(List.of(same, pending), Map.of(), Map.of()), NOW);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void knownOrYoungOpenOrdersAreNoOrphans() {
        VenueOrder known = exchangeOrder("known-1", "1", "NEW", "0", OLD);
        VenueOrder young = exchangeOrder("young-1", "2", "NEW", "0", NOW.minusSeconds(2));
        var result = reconciliation.reconcile("run-1", List.of(), known("known-1"), view(List.of(known, young), Map.of(), Map.of()), NOW);
        assertThat(result.findings()).isEmpty();
        assertThat(result.commands()).isEmpty();
    }

    @Test
    void foreignClientOrderIdIsReportedButNotAdopted() {
        VenueOrder foreign = exchangeOrder("x".repeat(40), "9", "NEW", "0", OLD);
        var result = reconciliation.reconcile("run-1", List.of(), known(), view(List.of(foreign), Map.of(), Map.of()), NOW);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("ORPHAN_AT_EXCHANGE");
            assertThat(f.action()).isEqualTo("NONE");
            assertThat(f.clientOrderId()).isNull();
        });
        assertThat(result.commands()).isEmpty();
    }

    @Test
    void sentOrderTheExchangeDoesNotKnowIsMarkedLost() {
        for (OrderStatus status : List.of(OrderStatus.SUBMITTING, OrderStatus.UNKNOWN, OrderStatus.ACKNOWLEDGED)) {
            LocalOrder order = local("lost-1", status, "0", Set.of());
            var result = reconciliation.reconcile("run-2", List.of(order), known(),
                    view(List.of(), Map.of("lost-1", Optional.empty()), Map.of()), NOW);
            assertThat(result.findings()).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo("MISSING_AT_EXCHANGE");
                assertThat(f.action()).isEqualTo("MARK_LOST");
            });
            assertThat(result.commands()).singleElement().satisfies(c -> {
                assertThat(c.command()).isEqualTo(CommandType.MARK_LOST);
                assertThat(c.commandId()).isEqualTo("reconcile:run-2:lost-1:MARK_LOST");
                assertValid(c);
            });
        }
    }

    @Test
    void partlyFilledOrderMissingAtTheExchangeNeedsAnOperator() {
        LocalOrder order = local("pf-1", OrderStatus.PARTIALLY_FILLED, "0.001", Set.of("5"));
        var result = reconciliation.reconcile("run-2", List.of(order), known(),
                view(List.of(), Map.of("pf-1", Optional.empty()), Map.of()), NOW);
        assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.action()).isEqualTo("NONE"));
        assertThat(result.commands()).isEmpty();
    }

    @Test
    void tradesNotSeenLocallyAreAppliedOnceEachWithTradeKeyedIds() {
        LocalOrder order = local("fill-1", OrderStatus.ACKNOWLEDGED, "0.001", Set.of("100"));
        VenueOrder filled = exchangeOrder("fill-1", "42", "FILLED", "0.003", OLD);
        var trades = List.of(trade("100", "42", OLD), trade("102", "42", OLD.plusSeconds(2)), trade("101", "42", OLD.plusSeconds(1)));
        var result = reconciliation.reconcile("run-3", List.of(order), known(),
                view(List.of(), Map.of("fill-1", Optional.of(filled)), Map.of("42", trades)), NOW);

        assertThat(result.findings()).extracting(ReconciliationFinding::kind).containsExactly("FILL_MISSING", "FILL_MISSING");
        assertThat(result.commands()).extracting(OrderCommand::commandId)
                .containsExactly("reconcile:fill:fill-1:101", "reconcile:fill:fill-1:102");
        assertThat(result.commands()).allSatisfy(c -> {
            assertThat(c.command()).isEqualTo(CommandType.APPLY_FILL);
            assertThat(c.fill().quantity()).isEqualByComparingTo("0.001");
            assertValid(c);
        });
        // A later run finds the same trades: same command ids, so the gateway applies each once.
        var again = reconciliation.reconcile("run-4", List.of(order), known(),
                view(List.of(), Map.of("fill-1", Optional.of(filled)), Map.of("42", trades)), NOW);
        assertThat(again.commands()).extracting(OrderCommand::commandId).isEqualTo(result.commands().stream().map(OrderCommand::commandId).toList());
    }

    @Test
    void orderEndedAtTheExchangeWhileOpenLocallyIsCanceledAfterItsFills() {
        LocalOrder order = local("gone-1", OrderStatus.ACKNOWLEDGED, "0", Set.of());
        VenueOrder canceled = exchangeOrder("gone-1", "50", "CANCELED", "0.001", OLD);
        var result = reconciliation.reconcile("run-5", List.of(order), known(),
                view(List.of(), Map.of("gone-1", Optional.of(canceled)), Map.of("50", List.of(trade("7", "50", OLD)))), NOW);
        assertThat(result.commands()).extracting(OrderCommand::command).containsExactly(CommandType.APPLY_FILL, CommandType.CANCEL);
        OrderCommand cancel = result.commands().get(1);
        assertThat(cancel.reason()).isEqualTo("reconcile: exchange says CANCELED");
        assertThat(result.findings().get(1).kind()).isEqualTo("STATUS_MISMATCH");
        assertValid(cancel);
    }

    @Test
    void matchingOrdersRecentChangesAndUnsentOrdersGiveNothing() {
        LocalOrder open = local("ok-1", OrderStatus.ACKNOWLEDGED, "0", Set.of());
        LocalOrder recent = new LocalOrder("recent-1", "BTCUSDT", Side.BUY, OrderStatus.SUBMITTING, null, new BigDecimal("0.001"),
                BigDecimal.ZERO, NOW.minusSeconds(1), Set.of(), null, null);
        LocalOrder accepted = local("acc-1", OrderStatus.ACCEPTED, "0", Set.of());
        assertThat(reconciliation.toCheck(List.of(open, recent, accepted), NOW)).containsExactly(open);
        VenueOrder same = exchangeOrder("ok-1", "60", "NEW", "0", OLD);
        var result = reconciliation.reconcile("run-6", List.of(open, recent, accepted), known("ok-1"),
                view(List.of(same), Map.of("recent-1", Optional.empty(), "acc-1", Optional.empty()), Map.of()), NOW);
        assertThat(result.findings()).isEmpty();
        assertThat(result.commands()).isEmpty();
    }

    @Test
    void unresolvedOrdersAreLeftToTheGatewayForLonger() {
        LocalOrder unknown = new LocalOrder("unk-1", "BTCUSDT", Side.BUY, OrderStatus.UNKNOWN, null, new BigDecimal("0.001"),
                BigDecimal.ZERO, NOW.minusSeconds(30), Set.of(), null, null);
        LocalOrder acknowledged = new LocalOrder("ack-1", "BTCUSDT", Side.BUY, OrderStatus.ACKNOWLEDGED, "3", new BigDecimal("0.001"),
                BigDecimal.ZERO, NOW.minusSeconds(30), Set.of(), null, null);
        LocalOrder oldUnknown = new LocalOrder("unk-2", "BTCUSDT", Side.BUY, OrderStatus.UNKNOWN, null, new BigDecimal("0.001"),
                BigDecimal.ZERO, NOW.minusSeconds(61), Set.of(), null, null);
        assertThat(reconciliation.toCheck(List.of(unknown, acknowledged, oldUnknown), NOW)).containsExactly(acknowledged, oldUnknown);
    }

    @Test
    void ordersOpenLongerThanTheTtlAreCanceledCountingFromPlacement() {
        var ttl = new Reconciliation("reconciler", Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), false);
        LocalOrder old = new LocalOrder("ttl-1", "BTCUSDT", Side.BUY, OrderStatus.PARTIALLY_FILLED, "70", new BigDecimal("0.003"),
                new BigDecimal("0.001"), OLD, Set.of("1"), NOW.minusSeconds(600), NOW.minusSeconds(100));
        LocalOrder young = new LocalOrder("ttl-2", "BTCUSDT", Side.BUY, OrderStatus.ACKNOWLEDGED, "71", new BigDecimal("0.003"),
                BigDecimal.ZERO, OLD, Set.of(), NOW.minusSeconds(200), null);
        var open = List.of(exchangeOrder("ttl-1", "70", "PARTIALLY_FILLED", "0.001", OLD), exchangeOrder("ttl-2", "71", "NEW", "0", OLD));
        var result = ttl.reconcile("run-7", List.of(old, young), known("ttl-1", "ttl-2"), view(open, Map.of(), Map.of()), NOW);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("TTL_EXPIRED");
            assertThat(f.clientOrderId()).isEqualTo("ttl-1");
            assertThat(f.action()).isEqualTo("CANCEL");
        });
        assertThat(result.commands()).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(CommandType.CANCEL);
            assertThat(c.reason()).startsWith("TTL: open 600 s since placement");
            assertValid(c);
        });
    }

    @Test
    void withFirstFillTimestampsTheTtlOfAFilledOrderCountsFromItsFirstFill() {
        var ttl = new Reconciliation("reconciler", Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), true);
        LocalOrder filledLate = new LocalOrder("ttl-3", "BTCUSDT", Side.BUY, OrderStatus.PARTIALLY_FILLED, "72", new BigDecimal("0.003"),
                new BigDecimal("0.001"), OLD, Set.of("1"), NOW.minusSeconds(600), NOW.minusSeconds(100));
        LocalOrder unfilled = new LocalOrder("ttl-4", "BTCUSDT", Side.BUY, OrderStatus.ACKNOWLEDGED, "73", new BigDecimal("0.003"),
                BigDecimal.ZERO, OLD, Set.of(), NOW.minusSeconds(600), null);
        var open = List.of(exchangeOrder("ttl-3", "72", "PARTIALLY_FILLED", "0.001", OLD), exchangeOrder("ttl-4", "73", "NEW", "0", OLD));
        var result = ttl.reconcile("run-8", List.of(filledLate, unfilled), known("ttl-3", "ttl-4"), view(open, Map.of(), Map.of()), NOW);
        assertThat(result.commands()).singleElement().satisfies(c -> {
            assertThat(c.clientOrderId()).isEqualTo("ttl-4");
            assertThat(c.reason()).contains("since placement");
        });
    }

    @Test
    void anOrdersOwnTtlReplacesTheDefaultBothWays() {
        var ttl = new Reconciliation("reconciler", Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), false);
        LocalOrder shortOwn = new LocalOrder("ttl-6", "BTCUSDT", Side.BUY, OrderStatus.ACKNOWLEDGED, "75", new BigDecimal("0.003"),
                BigDecimal.ZERO, OLD, Set.of(), NOW.minusSeconds(120), null, 60);
        LocalOrder longOwn = new LocalOrder("ttl-7", "BTCUSDT", Side.BUY, OrderStatus.ACKNOWLEDGED, "76", new BigDecimal("0.003"),
                BigDecimal.ZERO, OLD, Set.of(), NOW.minusSeconds(600), null, 3600);
        var open = List.of(exchangeOrder("ttl-6", "75", "NEW", "0", OLD), exchangeOrder("ttl-7", "76", "NEW", "0", OLD));
        var result = ttl.reconcile("run-10", List.of(shortOwn, longOwn), known("ttl-6", "ttl-7"), view(open, Map.of(), Map.of()), NOW);
        assertThat(result.commands()).as("60 s of its own ran out; 3600 s of its own did not, though the default of 300 s did")
                .singleElement().satisfies(c -> {
                    assertThat(c.clientOrderId()).isEqualTo("ttl-6");
                    assertThat(c.reason()).isEqualTo("TTL: open 120 s since placement, TTL 60 s");
                });
    }

    @Test
    void ttlOffByDefault() {
        LocalOrder ancient = new LocalOrder("ttl-5", "BTCUSDT", Side.BUY, OrderStatus.ACKNOWLEDGED, "74", new BigDecimal("0.003"),
                BigDecimal.ZERO, OLD, Set.of(), NOW.minusSeconds(86_400), null);
        var result = reconciliation.reconcile("run-9", List.of(ancient), known("ttl-5"),
                view(List.of(exchangeOrder("ttl-5", "74", "NEW", "0", OLD)), Map.of(), Map.of()), NOW);
        assertThat(result.commands()).isEmpty();
    }

    @Test
    void finishedOrdersStayFinishedLocally() {
        assertThat(StatusMerge.next(null, OrderStatus.ACCEPTED)).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(StatusMerge.next(OrderStatus.ACKNOWLEDGED, OrderStatus.PARTIALLY_FILLED)).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(StatusMerge.next(OrderStatus.UNKNOWN, OrderStatus.SUBMITTING)).isEqualTo(OrderStatus.SUBMITTING);
        assertThat(StatusMerge.next(OrderStatus.CANCELED, OrderStatus.PARTIALLY_FILLED)).isEqualTo(OrderStatus.CANCELED);
        assertThat(StatusMerge.next(OrderStatus.FILLED, OrderStatus.ACKNOWLEDGED)).isEqualTo(OrderStatus.FILLED);
    }

    private static void assertValid(OrderCommand command) {
        assertThat(EventSchemas.validate(EventType.ORDER_COMMAND, EventJson.toTree(command))).isEmpty();
    }

    private static ExchangeView view(List<VenueOrder> open, Map<String, Optional<VenueOrder>> lookups,
            Map<String, List<VenueTrade>> trades) {
        return new ExchangeView(open, lookups, trades);
    }

    private static LocalOrder local(String coid, OrderStatus status, String executed, Set<String> trades) {
        return new LocalOrder(coid, "BTCUSDT", Side.BUY, status, null, new BigDecimal("0.003"), new BigDecimal(executed), OLD, trades, OLD, null);
    }

    private static VenueOrder exchangeOrder(String coid, String id, String status, String executed, Instant at) {
        OrderStatus mapped = switch (status) {
            case "NEW" -> OrderStatus.ACKNOWLEDGED;
            default -> OrderStatus.valueOf(status);
        };
        return new VenueOrder("BTCUSDT", id, coid, Side.BUY, OrderType.LIMIT, new BigDecimal("50000.00"), new BigDecimal("0.003"),
                new BigDecimal(executed), mapped, status, List.of(), at, at);
    }

    private static VenueTrade trade(String id, String orderId, Instant at) {
        return new VenueTrade(id, orderId, "BTCUSDT", new BigDecimal("60000.01"), new BigDecimal("0.001"),
                new BigDecimal("0.00000100"), "BTC", at);
    }

    /** Client order ids the gateway published events for, none with an exchange order id yet. */
    private static Map<String, String> known(String... clientOrderIds) {
        Map<String, String> known = new java.util.HashMap<>();
        for (String coid : clientOrderIds) {
            known.put(coid, null);
        }
        return known;
    }
}
