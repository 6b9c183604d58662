package dev.orderflow.guards.api;

import static dev.orderflow.testing.fuzz.Endpoint.choice;
import static dev.orderflow.testing.fuzz.Endpoint.decimal;
import static dev.orderflow.testing.fuzz.Endpoint.of;
import static dev.orderflow.testing.fuzz.Endpoint.text;
import static dev.orderflow.testing.fuzz.Endpoint.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.guards.GuardDecisionsTests;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import dev.orderflow.testing.fuzz.ApiFuzzer;
import dev.orderflow.testing.fuzz.Endpoint;
import dev.orderflow.testing.fuzz.Rows;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bad input at the guards' API (docs/reliability.md, "Bad input"). */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
class BadInputFuzzTests {

    @TestHTTPResource("/")
    URI base;

    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                of("POST", "/api/v1/guards/evaluate")
                        .body("""
                                {"clientOrderId":"fuzz:{n}","symbol":"BTCUSDT","side":"BUY","type":"LIMIT","quantity":"0.01000",
                                 "price":"50000.00","timeInForce":"GTC","intent":"ENTRY","referencePrice":"50000.00",
                                 "strategyId":"fuzz","acceptedAt":"2026-11-25T10:00:00Z"}""")
                        .field("clientOrderId", text()).field("symbol", choice("BTCUSDT", "ETHUSDT")).field("side", choice("BUY", "SELL"))
                        .field("type", choice("LIMIT", "MARKET")).field("quantity", decimal("0.00001")).field("price", decimal("0.01"))
                        .field("timeInForce", choice("GTC", "IOC")).field("intent", choice("ENTRY", "EXIT"))
                        .field("referencePrice", decimal("0.01")).field("strategyId", text()).field("acceptedAt", text())
                        .tokens(TestTokens.OPERATOR, TestTokens.MONITORING).build(),
                of("GET", "/api/v1/guards/settings").tokens(TestTokens.OPERATOR, TestTokens.READER).build(),
                of("GET", "/api/v1/guards/decisions/{coid}").pathValue("coid", "fuzz:1").tokens(TestTokens.OPERATOR, TestTokens.TRADER).build()));
        endpoints.addAll(Endpoint.operations());
        return endpoints;
    }

    @Test
    void noBadRequestGetsA5xxOrStoresADecision() {
        Map<String, Long> before = Rows.count("guards", "guard_decision");
        ApiFuzzer.Report report = ApiFuzzer.of(base, endpoints()).run();
        System.out.println("risk-guards fuzz: " + report);

        assertThat(report.findings()).as(report.describe()).isEmpty();
        // the dry run stores nothing, whatever it is sent
        assertThat(Rows.count("guards", "guard_decision")).isEqualTo(before);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
