package dev.orderflow.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer tokens every test application and every service process started by the tests accepts,
 * one per kind of caller. Services receive only their SHA-256 hashes, as in production.
 */
public final class TestTokens {

    /** A strategy: places and reads orders. */
    public static final String TRADER = "test-trader-token";
    /** Reads orders, nothing else. */
    public static final String READER = "test-reader-token";
    /** An operator: reads every service's API, sets the trading state, runs guard dry runs; no order writes. */
    public static final String OPERATOR = "test-operator-token";
    /** Prometheus and flag checks: {@code /q/metrics}, {@code /q/flags}, {@code /q/openapi}. */
    public static final String MONITORING = "test-monitoring-token";
    /** An auditor: reads the reconciler's runs and findings, starts none. */
    public static final String RECONCILIATION_READER = "test-reconciliation-reader-token";
    /** The paper exchange's admin API. */
    public static final String EXCHANGE_ADMIN = "test-exchange-admin-token";

    private static final Map<String, String> SCOPES = Map.of(
            TRADER, "orders:read orders:write",
            READER, "orders:read",
            OPERATOR, "orders:read trading-state:write guards:read guards:evaluate reconciler:read telemetry:read ops:read ops:admin",
            MONITORING, "ops:read",
            RECONCILIATION_READER, "reconciler:read",
            EXCHANGE_ADMIN, "exchange:admin");

    private TestTokens() {
    }

    /** The {@code orderflow.auth.tokens.*} configuration that accepts every test token. */
    public static Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        SCOPES.forEach((token, scopes) -> config.put("orderflow.auth.tokens.\"" + sha256(token) + "\"", scopes));
        return config;
    }

    /**
     * The hash a service is configured with, computed here rather than by the services' own code so that
     * the tests hold that code to the documented format (lower-case hex SHA-256 of the token), and so that
     * tools tested without the service platform on their class path can use these tokens, and tests that
     * configure a token of their own (a packaged service, a rendered Secret).
     */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A RestAssured request carrying the token. */
    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** The {@code Authorization} header value for the token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
