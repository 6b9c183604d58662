package dev.orderflow.gateway.api;

import static dev.orderflow.testing.fuzz.Endpoint.choice;
import static dev.orderflow.testing.fuzz.Endpoint.decimal;
import static dev.orderflow.testing.fuzz.Endpoint.of;
import static dev.orderflow.testing.fuzz.Endpoint.text;
import static dev.orderflow.testing.fuzz.Endpoint.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.TestTokens;
import dev.orderflow.testing.fuzz.ApiFuzzer;
import dev.orderflow.testing.fuzz.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bad input of every kind at every endpoint of the gateway (docs/reliability.md, "Bad input"). */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class BadInputFuzzTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                of("POST", "/api/v1/orders")
                        .body("""
                                {"clientOrderId":"fuzz-{n}","symbol":"BTCUSDT","side":"BUY","type":"LIMIT","quantity":"0.01000",
                                 "price":"50000.00","timeInForce":"GTC","intent":"ENTRY","referencePrice":"50000.00","ttlSeconds":300,
                                 "strategyId":"fuzz"}""")
                        .field("clientOrderId", text()).field("symbol", choice("BTCUSDT", "ETHUSDT")).field("side", choice("BUY", "SELL"))
                        .field("type", choice("LIMIT", "MARKET")).field("quantity", decimal("0.00001")).field("price", decimal("0.01"))
                        .field("timeInForce", choice("GTC", "IOC", "FOK")).field("intent", choice("ENTRY", "EXIT"))
                        .field("referencePrice", decimal("0.01")).field("ttlSeconds", whole()).field("strategyId", text())
                        .tokens(TestTokens.TRADER, TestTokens.READER).build(),
                of("GET", "/api/v1/orders/{coid}").pathValue("coid", "fuzz-1").tokens(TestTokens.READER, TestTokens.MONITORING).build(),
                of("DELETE", "/api/v1/orders/{coid}").pathValue("coid", "fuzz-absent").query("reason", text())
                        .tokens(TestTokens.TRADER, TestTokens.READER).build(),
                of("GET", "/api/v1/orders").query("symbol", text()).query("status", choice("FILLED")).query("since", text())
                        .query("cursor", whole()).query("limit", whole()).tokens(TestTokens.READER, TestTokens.MONITORING).build(),
                of("GET", "/api/v1/positions").tokens(TestTokens.READER, TestTokens.MONITORING).build(),
                of("GET", "/api/v1/trading-state").tokens(TestTokens.READER, TestTokens.MONITORING).build(),
                of("PUT", "/api/v1/trading-state").body("{\"state\":\"ACTIVE\",\"reason\":\"fuzz\"}")
                        .field("state", choice("ACTIVE", "REDUCING", "HALTED")).field("reason", text())
                        .tokens(TestTokens.OPERATOR, TestTokens.TRADER).build()));
        endpoints.addAll(Endpoint.operations());
        return endpoints;
    }

    @Test
    void noBadRequestGetsA5xxOrWritesAnything() throws Exception {
        ApiFuzzer.Report report = ApiFuzzer.of(base, endpoints()).run();
        System.out.println("order-gateway fuzz: " + report);

        assertThat(report.findings()).as(report.describe()).isEmpty();
        // every order a 201 created is stored, and no order was stored for a coid that was only ever refused
        Set<String> created = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (ApiFuzzer.Exchange e : report.exchanges()) {
            String coid = placedCoid(e.request());
            if (coid == null) {
                continue;
            }
            if (e.answer().status() == 201) {
                created.add(coid);
            } else if (e.answer().status() >= 400) {
                refused.add(coid);
            }
        }
        refused.removeAll(created);
        assertThat(stored(created)).as("orders answered 201").containsExactlyInAnyOrderElementsOf(created);
        assertThat(stored(refused)).as("orders stored although refused").isEmpty();
        TestTokens.as(TestTokens.READER).get("/api/v1/trading-state").then().statusCode(200).body("state", equalTo("ACTIVE"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    /** The clientOrderId of a POST of an order, when its body has one. */
    private static String placedCoid(ApiFuzzer.Request request) {
        if (!request.method().equals("POST") || !request.target().equals("/api/v1/orders") || request.body() == null) {
            return null;
        }
        try {
            JsonNode coid = JSON.readTree(request.body()).path("clientOrderId");
            return coid.isTextual() ? coid.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Set<String> stored(Set<String> coids) throws Exception {
        Set<String> found = new HashSet<>();
        try (Connection db = GatewayTest.database();
                PreparedStatement query = db.prepareStatement("SELECT client_order_id FROM orders WHERE client_order_id = ANY (?)")) {
            query.setArray(1, db.createArrayOf("varchar", coids.stream().map(c -> c.replace("\u0000", "")).toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }
}
