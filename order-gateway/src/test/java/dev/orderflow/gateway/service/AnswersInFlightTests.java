package dev.orderflow.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.service.AnswersInFlight.Verdict;
import dev.orderflow.venue.ExecutionReport;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueTrade;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswersInFlightTests {

    private final AnswersInFlight answers = new AnswersInFlight();
    private final List<String> handedBack = new ArrayList<>();

    @Test
    void aReportOfAnOrderNotInFlightIsApplied() {
        assertThat(check("other", report("NEW", null))).isEqualTo(Verdict.APPLY);
        assertThat(handedBack).isEmpty();
    }

    @Test
    void reportsArrivingBeforeTheAnswerWaitForItAndAreHandedBackInArrivalOrder() {
        answers.sending("c1");
        assertThat(check("c1", report("NEW", null), "new")).isEqualTo(Verdict.WAITING);
        assertThat(check("c1", report("TRADE", "7"), "trade")).isEqualTo(Verdict.WAITING);
        assertThat(handedBack).isEmpty();
        answers.answered("c1", filled("7"));
        assertThat(handedBack).containsExactly("new", "trade");
        // once recorded, the answer decides
        assertThat(check("c1", report("NEW", null))).isEqualTo(Verdict.COVERED);
        assertThat(check("c1", report("TRADE", "7"))).isEqualTo(Verdict.COVERED);
        assertThat(check("c1", report("TRADE", "8"))).as("a trade the answer did not carry").isEqualTo(Verdict.APPLY);
        assertThat(check("c1", report("CANCELED", null))).as("a cancel the answer did not report").isEqualTo(Verdict.APPLY);
    }

    @Test
    void withoutAUsableAnswerTheWaitingReportsAreAppliedAsUsual() {
        answers.sending("c2");
        assertThat(check("c2", report("NEW", null), "new")).isEqualTo(Verdict.WAITING);
        answers.answered("c2", null); // timeout, rejection, or the answer could not be recorded
        assertThat(handedBack).containsExactly("new");
        assertThat(check("c2", report("NEW", null))).isEqualTo(Verdict.APPLY);
    }

    @Test
    void aSubmissionNeverAnsweredHandsItsReportsBackAndOldAnswersAreForgotten() throws Exception {
        answers.sending("stuck");
        answers.sending("done");
        answers.answered("done", filled("1"));
        assertThat(check("stuck", report("NEW", null), "stuck-new")).isEqualTo(Verdict.WAITING);
        Thread.sleep(5);
        answers.expire(Duration.ofMillis(1), Duration.ofMillis(1));
        assertThat(handedBack).containsExactly("stuck-new");
        assertThat(check("stuck", report("NEW", null))).isEqualTo(Verdict.APPLY);
        assertThat(check("done", report("NEW", null))).as("forgotten: applied as usual").isEqualTo(Verdict.APPLY);
    }

    @Test
    void aRejectionIsCoveredOnlyByARejectedAnswer() {
        answers.sending("c3");
        answers.answered("c3", order("c3", OrderStatus.REJECTED, BigDecimal.ZERO, List.of()));
        assertThat(check("c3", report("NEW", null))).isEqualTo(Verdict.APPLY);
        assertThat(check("c3", report("REJECTED", null))).isEqualTo(Verdict.COVERED);
    }

    private Verdict check(String coid, ExecutionReport report) {
        return check(coid, report, "unexpected");
    }

    private Verdict check(String coid, ExecutionReport report, String name) {
        return answers.check(coid, answer -> ExecutionTracker.covers(answer, report), () -> handedBack.add(name));
    }

    private static VenueOrder filled(String tradeId) {
        return order("c", OrderStatus.FILLED, BigDecimal.ONE,
                List.of(new VenueTrade(tradeId, "9", "SOLUSDT", new BigDecimal("170"), BigDecimal.ONE, BigDecimal.ZERO, "SOL", Instant.now())));
    }

    private static VenueOrder order(String coid, OrderStatus status, BigDecimal executed, List<VenueTrade> trades) {
        return new VenueOrder("SOLUSDT", "9", coid, Side.BUY, OrderType.LIMIT, new BigDecimal("170"), BigDecimal.ONE, executed, status,
                status.name(), trades, Instant.now(), Instant.now());
    }

    private static ExecutionReport report(String execution, String tradeId) {
        ExecutionReport.Kind kind = ExecutionReport.Kind.valueOf(execution);
        VenueTrade trade = tradeId == null ? null
                : new VenueTrade(tradeId, "9", "SOLUSDT", new BigDecimal("170"), BigDecimal.ONE, null, null, Instant.now());
        return new ExecutionReport(kind, "c", "9", "SOLUSDT", trade, kind == ExecutionReport.Kind.REJECTED ? "REJECTED" : null,
                Instant.now());
    }
}
