package dev.orderflow.guards.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.guards.GuardDecisionsTests;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The operator endpoints: effective settings and the dry run. */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
class GuardResourceTests {

    @Test
    void settingsShowPolicyThresholdsAndOverrides() {
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/guards/settings").then().statusCode(200)
                .body("policy.slippage", equalTo(true))
                .body("policy.spread", equalTo(true))
                .body("policy.depth", equalTo(true))
                .body("policy.consolidated", equalTo(true))
                .body("policy.mode", equalTo("enforce"))
                .body("defaults.maxSlippageBps", equalTo("20"))
                .body("defaults.maxSpreadBps", equalTo("15"))
                .body("defaults.depthBandBps", equalTo("50"))
                .body("defaults.depthMultiple", equalTo("3"))
                .body("symbols.ETHUSDT.mode", equalTo("shadow"))
                .body("requestWeight.budgetPerMinute", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void theGuardsApiNeedsItsScopes() {
        given().contentType("application/json").body("{}").post("/api/v1/guards/evaluate").then().statusCode(401)
                .contentType("application/problem+json");
        TestTokens.as(TestTokens.READER).get("/api/v1/guards/settings").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("guards:read"));
        TestTokens.as(TestTokens.MONITORING).contentType("application/json").body("{}").post("/api/v1/guards/evaluate").then()
                .statusCode(403).body("detail", containsString("guards:evaluate"));
    }

    @Test
    void errorsOfTheHttpLayerAreProblemDocuments() {
        TestTokens.as(TestTokens.OPERATOR).contentType("application/json").body("{\"symbol\":").post("/api/v1/guards/evaluate").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("type", equalTo("https://orderflow.dev/problems/malformed-request"));
        TestTokens.as(TestTokens.OPERATOR).contentType("text/plain").body("{}").post("/api/v1/guards/evaluate").then()
                .statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/guards/no-such-thing").then()
                .statusCode(404).contentType("application/problem+json").body("title", equalTo("Not Found"));
        TestTokens.as(TestTokens.OPERATOR).delete("/api/v1/guards/settings").then()
                .statusCode(405).contentType("application/problem+json").body("status", equalTo(405));
    }

    @Test
    void readinessIncludesTheMarketDataCheck() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Market data' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Market data' }.data.weightBudgetPerMinute", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void dryRunOfAnExitAllowsWithoutStoringAnything() {
        String intent = """
                {"clientOrderId":"dry:1","symbol":"BTCUSDT","side":"SELL","type":"MARKET","quantity":"1",
                 "intent":"EXIT","acceptedAt":"2026-11-25T10:00:00Z"}""";

        TestTokens.as(TestTokens.OPERATOR).contentType("application/json").body(intent).post("/api/v1/guards/evaluate").then().statusCode(200)
                .body("outcome", equalTo("ALLOW"))
                .body("findings[0].reason", equalTo("EXIT_BYPASS"));
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/guards/decisions/dry:1").then().statusCode(404);
    }

    @Test
    void dryRunOfAnInvalidIntentNamesTheFields() {
        String intent = """
                {"clientOrderId":"dry:2","symbol":"btc","side":"HOLD","type":"MARKET","quantity":1,
                 "intent":"ENTRY","acceptedAt":"2026-11-25T10:00:00Z"}""";

        TestTokens.as(TestTokens.OPERATOR).contentType("application/json").body(intent).post("/api/v1/guards/evaluate").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("$.symbol"))
                .body("errors.field", hasItem("$.side"))
                .body("errors.field", hasItem("$.quantity"));
    }

    @Test
    void dryRunWithANumberBeyondDoubleRangeIsRefusedNamingTheField() {
        String intent = """
                {"clientOrderId":"dry:3","symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":1e400,
                 "intent":"ENTRY","acceptedAt":"2026-11-25T10:00:00Z"}""";

        TestTokens.as(TestTokens.OPERATOR).contentType("application/json").body(intent).post("/api/v1/guards/evaluate").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("$.quantity"));
    }

    @Test
    void anIdNoOrderCanHaveHasNoDecisionRatherThanAnError() {
        TestTokens.as(TestTokens.OPERATOR).urlEncodingEnabled(false).get("/api/v1/guards/decisions/%00").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aNumberTooLongToReadIsAnInvalidIntentRatherThanAnError() {
        String intent = """
                {"clientOrderId":"dry:2","symbol":"BTCUSDT","side":"BUY","type":"MARKET","quantity":"1",
                 "intent":"ENTRY","referencePrice":"1.%s","acceptedAt":"2026-11-25T10:00:00Z"}""".formatted("0".repeat(5000));
        TestTokens.as(TestTokens.OPERATOR).contentType("application/json").body(intent).post("/api/v1/guards/evaluate").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }
}
