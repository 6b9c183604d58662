package dev.orderflow.gateway.api;

import static dev.orderflow.gateway.support.GatewayTest.READER;
import static dev.orderflow.gateway.support.GatewayTest.allowedEntry;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/positions} against what the paper exchange's account really holds. */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class PositionResourceTests {

    @Test
    void aFilledBuysPositionGrowsByWhatTheExchangeCreditedNetOfTheCommission() throws Exception {
        BigDecimal positionBefore = position("ETHUSDT");
        BigDecimal balanceBefore = PaperVenue.balance("ETH");
        String id = coid("position");
        // a buy limit above the market fills at once; the paper exchange takes its commission in the asset bought
        allowedEntry(id, "ETHUSDT", "BUY", "0.01", "9000");
        await().atMost(Duration.ofSeconds(20)).until(() -> "FILLED".equals(status(id)));

        BigDecimal commission = baseCommission(id, "ETH");
        assertThat(commission).as("commission paid in ETH").isPositive();
        BigDecimal credited = PaperVenue.balance("ETH").subtract(balanceBefore);
        assertThat(credited).isEqualByComparingTo(new BigDecimal("0.01").subtract(commission));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(position("ETHUSDT").subtract(positionBefore)).as("position change against the exchange's balance change")
                        .isEqualByComparingTo(credited));
    }

    private static BigDecimal position(String symbol) {
        List<Map<String, Object>> positions = as(READER).get("/api/v1/positions").then().statusCode(200).extract().jsonPath().getList("$");
        return positions.stream().filter(p -> symbol.equals(p.get("symbol"))).findFirst()
                .map(p -> new BigDecimal((String) p.get("quantity"))).orElse(BigDecimal.ZERO);
    }

    private static BigDecimal baseCommission(String id, String asset) throws Exception {
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT coalesce(sum(commission), 0) FROM fills WHERE client_order_id = '" + id + "' AND commission_asset = '" + asset + "'")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
