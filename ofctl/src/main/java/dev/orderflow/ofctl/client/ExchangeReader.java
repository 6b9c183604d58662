package dev.orderflow.ofctl.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.ofctl.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signed, read-only Binance-spot calls to the exchange the gateway trades on (the paper exchange locally). */
public final class ExchangeReader {

    private static final int PAGE = 1000;

    private final ServiceClient http;
    private final String apiKey;
    private final SecretKeySpec secret;

    public ExchangeReader(Settings settings) {
        this.apiKey = settings.require(Settings.EXCHANGE_API_KEY);
        this.secret = new SecretKeySpec(settings.require(Settings.EXCHANGE_API_SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.http = new ServiceClient(Service.EXCHANGE, settings.url(Settings.EXCHANGE_URL), Optional.empty(),
                Map.of("X-MBX-APIKEY", apiKey));
    }

    /** Every order of the account in a symbol placed at or after {@code startTimeMillis}, oldest first. */
    public List<JsonNode> allOrders(String symbol, long startTimeMillis) {
        List<JsonNode> orders = new ArrayList<>();
        Long fromOrderId = null;
        while (true) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("symbol", symbol);
            if (fromOrderId == null) {
                query.put("startTime", startTimeMillis);
            } else {
                query.put("orderId", fromOrderId);
            }
            query.put("limit", PAGE);
            JsonNode page = http.get("/api/v3/allOrders" + signed(query));
            page.forEach(orders::add);
            if (page.size() < PAGE) {
                return orders;
            }
            fromOrderId = page.get(page.size() - 1).path("orderId").asLong() + 1;
        }
    }

    private String signed(Map<String, Object> parameters) {
        parameters.put("recvWindow", 60000);
        parameters.put("timestamp", System.currentTimeMillis());
        String query = ServiceClient.query(parameters).substring(1);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return "?" + query + "&signature=" + HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
