package dev.orderflow.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.paper.api.UserStream;
import dev.orderflow.testing.PaperExchangeResource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged paper exchange, started the way other modules' tests start it
 * ({@link PaperExchangeResource}), driven by Binance's official Java connector: if the wire format
 * were our idea of Binance's rather than Binance's, this client would not understand it.
 */
class PaperExchangeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PaperExchangeResource.Instance exchange;
    private static SpotClientImpl client;

    @BeforeAll
    static void start() {
        exchange = PaperExchangeResource.launch(Map.of("paper.rate-limits.orders-per-10s", "1000"));
        client = new SpotClientImpl(exchange.apiKey(), exchange.apiSecret(), exchange.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (exchange != null) {
            exchange.close();
        }
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    private static Map<String, Object> params(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void resourceGivesTheExchangeConfiguration() {
        assertThat(exchange.config()).containsEntry("exchange.api-key", PaperExchangeResource.API_KEY)
                .containsEntry("exchange.api-secret", PaperExchangeResource.API_SECRET)
                .containsEntry("exchange.base-url", "http://127.0.0.1:" + exchange.port())
                .containsEntry("exchange.ws-url", "ws://127.0.0.1:" + exchange.port());
        assertThat(PaperExchangeResource.adminUrl(exchange.baseUrl())).isEqualTo(exchange.adminUrl());
    }

    @Test
    void faultsAreInjectedThroughTheResource() throws Exception {
        assertThat(exchange.injectFault("{\"type\":\"TIMEOUT_AFTER_ACCEPT\",\"symbol\":\"BTCUSDT\",\"times\":1}"))
                .contains("\"id\"");
        String coid = "it-1007-" + System.nanoTime();
        assertThatThrownBy(() -> client.createTrade().newOrder(params("symbol", "BTCUSDT", "side", "BUY", "type", "LIMIT",
                "timeInForce", "GTC", "quantity", "0.001", "price", "20000", "newClientOrderId", coid)))
                .isInstanceOfSatisfying(com.binance.connector.client.exceptions.BinanceServerException.class,
                        e -> assertThat(e.getHttpStatusCode()).isEqualTo(503));
        assertThat(json(client.createTrade().getOrder(params("symbol", "BTCUSDT", "origClientOrderId", coid)))
                .get("status").asText()).isEqualTo("NEW");
        exchange.moveMid("BTCUSDT", "19990");
        assertThat(json(client.createTrade().getOrder(params("symbol", "BTCUSDT", "origClientOrderId", coid)))
                .get("status").asText()).isIn("PARTIALLY_FILLED", "FILLED");
        exchange.clearFaults();
    }

    @Test
    void binanceConnectorReadsTheMarket() throws Exception {
        assertThat(client.createMarket().ping()).isEqualTo("{}");
        JsonNode info = json(client.createMarket().exchangeInfo(params("symbol", "BTCUSDT")));
        assertThat(info.at("/symbols/0/baseAsset").asText()).isEqualTo("BTC");
        JsonNode depth = json(client.createMarket().depth(params("symbol", "BTCUSDT", "limit", 10)));
        assertThat(depth.get("bids")).hasSize(10);
        assertThat(new BigDecimal(depth.at("/asks/0/0").asText())).isGreaterThan(new BigDecimal(depth.at("/bids/0/0").asText()));
    }

    @Test
    void binanceConnectorPlacesQueriesByClientOrderIdAndCancels() throws Exception {
        String coid = "it-" + System.nanoTime();
        JsonNode placed = json(client.createTrade().newOrder(params("symbol", "ETHUSDT", "side", "BUY", "type", "LIMIT",
                "timeInForce", "GTC", "quantity", "0.5", "price", "1500", "newClientOrderId", coid)));
        assertThat(placed.get("status").asText()).isEqualTo("NEW");

        BinanceClientException duplicate = (BinanceClientException) org.assertj.core.api.Assertions.catchThrowable(() ->
                client.createTrade().newOrder(params("symbol", "ETHUSDT", "side", "BUY", "type", "LIMIT",
                        "timeInForce", "GTC", "quantity", "0.5", "price", "1500", "newClientOrderId", coid)));
        assertThat(duplicate.getErrorCode()).isEqualTo(-2010);
        assertThat(duplicate.getErrMsg()).isEqualTo("Duplicate order sent.");
        assertThat(duplicate.getHttpStatusCode()).isEqualTo(400);

        JsonNode queried = json(client.createTrade().getOrder(params("symbol", "ETHUSDT", "origClientOrderId", coid)));
        assertThat(queried.get("orderId").asLong()).isEqualTo(placed.get("orderId").asLong());
        assertThat(queried.get("status").asText()).isEqualTo("NEW");

        JsonNode canceled = json(client.createTrade().cancelOrder(params("symbol", "ETHUSDT", "origClientOrderId", coid)));
        assertThat(canceled.get("status").asText()).isEqualTo("CANCELED");
        assertThat(canceled.get("origClientOrderId").asText()).isEqualTo(coid);

        assertThatThrownBy(() -> client.createTrade().getOrder(params("symbol", "ETHUSDT", "orderId", 987654321L)))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> assertThat(e.getErrorCode()).isEqualTo(-2013));

        JsonNode market = json(client.createTrade().newOrder(params("symbol", "ETHUSDT", "side", "SELL", "type", "MARKET",
                "quantity", "1")));
        assertThat(market.get("status").asText()).isEqualTo("FILLED");
        assertThat(market.get("fills").size()).isGreaterThanOrEqualTo(1);
        JsonNode trades = json(client.createTrade().myTrades(params("symbol", "ETHUSDT", "orderId", market.get("orderId").asLong())));
        assertThat(trades.size()).isEqualTo(market.get("fills").size());
        JsonNode account = json(client.createTrade().account(params()));
        assertThat(account.get("balances").size()).isGreaterThan(0);
    }

    @Test
    void userDataStreamPushesExecutionReports() throws Exception {
        String listenKey = json(client.createUserData().createListenKey()).get("listenKey").asText();
        UserStream stream = new UserStream(listenKey, exchange.wsUrl());
        List<JsonNode> events = stream.events;
        try {
            client.createUserData().extendListenKey(params("listenKey", listenKey));
            String coid = "ws-" + System.nanoTime();
            client.createTrade().newOrder(params("symbol", "SOLUSDT", "side", "BUY", "type", "MARKET", "quantity", "1",
                    "newClientOrderId", coid));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                    .anyMatch(e -> "executionReport".equals(e.path("e").asText()) && "FILLED".equals(e.path("X").asText())));
            JsonNode filled = events.stream().filter(e -> "FILLED".equals(e.path("X").asText())).findFirst().orElseThrow();
            assertThat(filled.get("c").asText()).isEqualTo(coid);
            assertThat(filled.get("x").asText()).isEqualTo("TRADE");
            assertThat(filled.get("s").asText()).isEqualTo("SOLUSDT");
            assertThat(events).anyMatch(e -> "executionReport".equals(e.path("e").asText()) && "NEW".equals(e.path("x").asText()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                    .anyMatch(e -> "outboundAccountPosition".equals(e.path("e").asText())));
        } finally {
            stream.close();
            client.createUserData().closeListenKey(params("listenKey", listenKey));
        }
    }
}
