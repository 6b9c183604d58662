package dev.orderflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.platform.security.AccessRules.Forbidden;
import dev.orderflow.platform.security.AccessRules.Granted;
import dev.orderflow.platform.security.AccessRules.Open;
import dev.orderflow.platform.security.AccessRules.Rule;
import dev.orderflow.platform.security.AccessRules.Unauthenticated;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRulesTest {

    private static final String TRADER = "trader-token";
    private static final String READER = "reader-token";

    private final AccessRules rules = new AccessRules(true,
            Map.of(AccessRules.sha256(TRADER), "orders:read, orders:write", AccessRules.sha256(READER).toUpperCase(), "orders:read"),
            List.of(new Rule("/api/v1/orders", Set.of(), "orders:write"),
                    new Rule("/api/v1/orders/", Set.of("get", "HEAD"), "orders:read"),
                    new Rule("/api/v3", Set.of(), AccessRules.NO_TOKEN),
                    new Rule("/q/metrics", Set.of(), "ops:read")),
            "ops:admin");

    @Test
    void theMostSpecificRuleDecides() {
        assertThat(rules.requiredScope("POST", "/api/v1/orders")).isEqualTo("orders:write");
        assertThat(rules.requiredScope("GET", "/api/v1/orders")).isEqualTo("orders:read");
        assertThat(rules.requiredScope("GET", "/api/v1/orders/abc")).isEqualTo("orders:read");
        assertThat(rules.requiredScope("DELETE", "/api/v1/orders/abc")).isEqualTo("orders:write");
        assertThat(rules.requiredScope("POST", "/api/v3/order")).isEqualTo(AccessRules.NO_TOKEN);
    }

    @Test
    void prefixesMatchWholeSegmentsAndEverythingElseNeedsTheDefaultScope() {
        assertThat(rules.requiredScope("GET", "/api/v1/ordersx")).isEqualTo("ops:admin");
        assertThat(rules.requiredScope("GET", "/api/v30/order")).isEqualTo("ops:admin");
        assertThat(rules.requiredScope("GET", "/q/metricsx")).isEqualTo("ops:admin");
        assertThat(rules.requiredScope("GET", "/")).isEqualTo("ops:admin");
        assertThat(rules.requiredScope("GET", "/api/v1/orders;x=1")).isEqualTo("ops:admin");
    }

    @Test
    void healthIsAlwaysOpenAndNothingBesideIt() {
        assertThat(rules.decide("GET", "/q/health", null)).isInstanceOf(Open.class);
        assertThat(rules.decide("GET", "/q/health/ready", null)).isInstanceOf(Open.class);
        assertThat(rules.decide("GET", "/q/healthy", null)).isInstanceOf(Unauthenticated.class);
        assertThat(rules.decide("GET", "/q/flags", null)).isInstanceOf(Unauthenticated.class);
    }

    @Test
    void aTokenIsComparedByItsHashAndMustCarryTheScope() {
        assertThat(rules.decide("POST", "/api/v1/orders", "Bearer " + TRADER)).isEqualTo(
                new Granted("token:" + AccessRules.sha256(TRADER).substring(0, 12)));
        assertThat(rules.decide("POST", "/api/v1/orders", "bearer   " + TRADER + " ")).isInstanceOf(Granted.class);
        assertThat(rules.decide("GET", "/api/v1/orders", "Bearer " + READER)).isInstanceOf(Granted.class);
        assertThat(rules.decide("POST", "/api/v1/orders", "Bearer " + READER)).isEqualTo(new Forbidden("orders:write"));
        assertThat(rules.decide("GET", "/q/metrics", "Bearer " + TRADER)).isEqualTo(new Forbidden("ops:read"));
    }

    @Test
    void missingMalformedAndUnknownTokensAreUnauthenticated() {
        for (String header : new String[] { null, "", "Bearer", "Bearer ", "Bearer    ", "Basic dXNlcjpwYXNz", TRADER,
                "Bearer " + AccessRules.sha256(TRADER), "Bearer x" + TRADER }) {
            assertThat(rules.decide("POST", "/api/v1/orders", header)).as("header %s", header).isInstanceOf(Unauthenticated.class);
        }
    }

    @Test
    void turnedOffEverythingIsOpen() {
        var off = new AccessRules(false, Map.of(), List.of(), "ops:admin");
        assertThat(off.decide("POST", "/api/v1/orders", null)).isInstanceOf(Open.class);
    }
}
