package dev.orderflow.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.QueryPlans;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The statements run for one order, once or more per order, must find its rows through an index:
 * a scan would read the whole table (every order of the retention period) for each order. The
 * planner is told to avoid table scans, so a plan that still reads more than the order's rows (a
 * table scan, or a whole index filtered row by row) has no index to use.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class PerOrderQueriesTests {

    @Test
    void anOrdersFillsAreReadThroughAnIndex() throws Exception {
        try (Connection db = GatewayTest.database()) {
            assertIndexOnly("fills of an order", QueryPlans.withoutTableScans(db, FillRepository.FOR_ORDER, "(text)", "('some-order')"));
            assertIndexOnly("trade ids of an order", QueryPlans.withoutTableScans(db, FillRepository.TRADE_IDS, "(bigint)", "(42)"));
        }
    }

    /** Neither a scan of the table nor of a whole index whose rows are then filtered. */
    private static void assertIndexOnly(String what, String plan) {
        assertThat(plan).as(what + ":\n" + plan).doesNotContain("Seq Scan").doesNotContain("Filter:").contains("Index Cond");
    }
}
