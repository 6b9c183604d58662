package dev.orderflow.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.venue.ExecutionReport;
import dev.orderflow.venue.OrderRequest;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueResult;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** What the venue's answers mean in the project's terms. */
class BinanceSpotClientTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static VenueResult answer(int status, String retryAfter, String body) {
        return BinanceSpotClient.classify(new VenueHttp.Answer(status, retryAfter, -1, body));
    }

    @Test
    void minus1007LeavesTheOutcomeUnknown() {
        assertThat(answer(400, null, "{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server.\"}"))
                .isInstanceOf(VenueResult.Unknown.class);
    }

    @Test
    void aServerErrorLeavesTheOutcomeUnknown() {
        assertThat(answer(503, null, "")).isEqualTo(new VenueResult.Unknown("HTTP 503"));
    }

    @Test
    void minus2013AndAnUnknownOrderCancelMeanTheVenueDoesNotKnowTheOrder() {
        assertThat(answer(400, null, "{\"code\":-2013,\"msg\":\"Order does not exist.\"}")).isInstanceOf(VenueResult.NotFound.class);
        assertThat(answer(400, null, "{\"code\":-2011,\"msg\":\"Unknown order sent.\"}")).isInstanceOf(VenueResult.NotFound.class);
    }

    @Test
    void otherRefusalsAreRejectionsAndADuplicateClientOrderIdIsNamed() {
        assertThat(answer(400, null, "{\"code\":-2010,\"msg\":\"Duplicate order sent.\"}")).isInstanceOfSatisfying(VenueResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(VenueResult.Refusal.DUPLICATE_CLIENT_ORDER_ID));
        assertThat(answer(400, null, "{\"code\":-2010,\"msg\":\"Account has insufficient balance for requested action.\"}"))
                .isInstanceOfSatisfying(VenueResult.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(VenueResult.Refusal.REFUSED);
                    assertThat(r.describe()).isEqualTo("-2010 Account has insufficient balance for requested action.");
                });
        assertThat(answer(400, null, "{\"code\":-2011,\"msg\":\"Order was canceled or expired.\"}")).isInstanceOf(VenueResult.Rejected.class);
    }

    @Test
    void throttledAnswersCarryTheirRetryAfterOrADefault() {
        assertThat(answer(429, "3", "{\"code\":-1003,\"msg\":\"Too many requests\"}")).isEqualTo(new VenueResult.Throttled(429, 3_000));
        assertThat(answer(429, null, "")).isEqualTo(new VenueResult.Throttled(429, 1_000));
        assertThat(answer(418, null, "")).as("a ban without Retry-After waits a minute").isEqualTo(new VenueResult.Throttled(418, 60_000));
        assertThat(answer(418, "soon", "")).isEqualTo(new VenueResult.Throttled(418, 60_000));
    }

    @Test
    void anOrderAnswerIsReadInTheProjectsTerms() throws Exception {
        VenueResult result = answer(200, null, """
                {"symbol":"BTCUSDT","orderId":28,"clientOrderId":"c-1","transactTime":1507725176595,"price":"60000.00",
                 "origQty":"0.0020","executedQty":"0.0010","status":"PARTIALLY_FILLED","type":"LIMIT","side":"BUY",
                 "fills":[{"price":"60000.00","qty":"0.0010","commission":"0.0000010","commissionAsset":"BTC","tradeId":56}]}""");
        assertThat(result).isInstanceOfSatisfying(VenueResult.Ok.class, ok -> {
            VenueOrder order = ok.order();
            assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
            assertThat(order.open()).isTrue();
            assertThat(order.side()).isEqualTo(Side.BUY);
            assertThat(order.price()).hasToString("60000");
            assertThat(order.trades()).singleElement().satisfies(t -> {
                assertThat(t.tradeId()).isEqualTo("56");
                assertThat(t.exchangeOrderId()).isEqualTo("28");
                assertThat(t.quantity()).isEqualByComparingTo("0.001");
            });
        });
    }

    @Test
    void binanceStatusesMapOntoTheGatewaysAndTheSnapshotKeepsTheVenuesWord() throws Exception {
        assertThat(BinanceCodes.status("NEW")).isEqualTo(OrderStatus.ACKNOWLEDGED);
        assertThat(BinanceCodes.status("FILLED")).isEqualTo(OrderStatus.FILLED);
        assertThat(BinanceCodes.status("CANCELED")).isEqualTo(OrderStatus.CANCELED);
        assertThat(BinanceCodes.status("REJECTED")).isEqualTo(OrderStatus.REJECTED);
        assertThat(BinanceCodes.status("EXPIRED_IN_MATCH")).isEqualTo(OrderStatus.EXPIRED);
        assertThat(BinanceCodes.status("SOMETHING_NEW")).isNull();
        VenueOrder expired = BinanceSpotClient.parseOrder(JSON.readTree("""
                {"symbol":"BTCUSDT","orderId":7,"clientOrderId":"c-2","status":"EXPIRED_IN_MATCH","side":"SELL","type":"LIMIT",
                 "origQty":"1","executedQty":"0","updateTime":1507725176595}"""));
        assertThat(expired.endedUnfilled()).isTrue();
        assertThat(expired.snapshot().status()).isEqualTo("EXPIRED_IN_MATCH");
    }

    @Test
    void aLimitOrderIsSentWithItsClientOrderIdAndGtcUnlessToldOtherwise() {
        var limit = BinanceSpotClient.wire(new OrderRequest("c-3", "BTCUSDT", Side.BUY, OrderType.LIMIT, new BigDecimal("0.5"),
                new BigDecimal("60000.10"), null));
        assertThat(limit).containsEntry("newClientOrderId", "c-3").containsEntry("timeInForce", "GTC").containsEntry("price", "60000.10")
                .containsEntry("quantity", "0.5").containsEntry("newOrderRespType", "FULL");
        var ioc = BinanceSpotClient.wire(new OrderRequest("c-4", "BTCUSDT", Side.SELL, OrderType.LIMIT, BigDecimal.ONE, BigDecimal.TEN,
                TimeInForce.IOC));
        assertThat(ioc).containsEntry("timeInForce", "IOC");
        var market = BinanceSpotClient.wire(new OrderRequest("c-5", "BTCUSDT", Side.SELL, OrderType.MARKET, BigDecimal.ONE, null, null));
        assertThat(market).doesNotContainKeys("price", "timeInForce").containsEntry("type", "MARKET");
    }

    @Test
    void aCancelsExecutionReportIsAboutTheOrderItCanceled() throws Exception {
        var report = BinanceSpotClient.parseExecutionReport(JSON.readTree("""
                {"e":"executionReport","E":1499405658658,"s":"ETHBTC","c":"cancel-req","C":"c-6","x":"CANCELED","X":"CANCELED",
                 "i":4293153,"T":1499405658657}""")).orElseThrow();
        assertThat(report.kind()).isEqualTo(ExecutionReport.Kind.CANCELED);
        assertThat(report.clientOrderId()).isEqualTo("c-6");
        var trade = BinanceSpotClient.parseExecutionReport(JSON.readTree("""
                {"stream":"k","data":{"e":"executionReport","s":"ETHBTC","c":"c-7","C":"","x":"TRADE","i":9,"t":77,"L":"0.05","l":"2",
                 "n":"0.001","N":"BNB","T":1499405658657}}""")).orElseThrow();
        assertThat(trade.clientOrderId()).isEqualTo("c-7");
        assertThat(trade.trade().tradeId()).isEqualTo("77");
        assertThat(trade.trade().quantity()).isEqualByComparingTo("2");
        assertThat(BinanceSpotClient.parseExecutionReport(JSON.readTree("{\"e\":\"outboundAccountPosition\"}"))).isEmpty();
    }

    @Test
    void depthWeightGrowsWithTheLevelsAsked() {
        assertThat(BinanceSpotClient.depthWeight(5)).isEqualTo(5);
        assertThat(BinanceSpotClient.depthWeight(100)).isEqualTo(5);
        assertThat(BinanceSpotClient.depthWeight(500)).isEqualTo(25);
        assertThat(BinanceSpotClient.depthWeight(1000)).isEqualTo(50);
        assertThat(BinanceSpotClient.depthWeight(5000)).isEqualTo(250);
    }
}
