package dev.orderflow.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.gateway.exchange.ExchangeOrder;
import dev.orderflow.gateway.service.AnswersInFlight.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswersInFlightTests {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        answers.answered("c3", new ExchangeOrder("SOLUSDT", "9", "c3", "REJECTED", BigDecimal.ONE, BigDecimal.ZERO, List.of(), Instant.now()));
        assertThat(check("c3", report("NEW", null))).isEqualTo(Verdict.APPLY);
        assertThat(check("c3", report("REJECTED", null))).isEqualTo(Verdict.COVERED);
    }

    private Verdict check(String coid, JsonNode report) {
        return check(coid, report, "unexpected");
    }

    private Verdict check(String coid, JsonNode report, String name) {
        return answers.check(coid, answer -> ExecutionTracker.covers(answer, report), () -> handedBack.add(name));
    }

    private static ExchangeOrder filled(String tradeId) {
        return new ExchangeOrder("SOLUSDT", "9", "c", "FILLED", BigDecimal.ONE, BigDecimal.ONE,
                List.of(new ExchangeOrder.Trade(tradeId, new BigDecimal("170"), BigDecimal.ONE, BigDecimal.ZERO, "SOL", Instant.now())),
                Instant.now());
    }

    private static JsonNode report(String execution, String tradeId) {
        var node = JSON.createObjectNode().put("e", "executionReport").put("x", execution).put("c", "c");
        if (tradeId != null) {
            node.put("t", tradeId);
        }
        return node;
    }
}
