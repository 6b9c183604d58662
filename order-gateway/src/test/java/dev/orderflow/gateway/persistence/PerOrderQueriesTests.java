package dev.orderflow.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.QueryPlans;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"fills of an order", "history of an order"})
    void readsOneOrdersRowsThroughAnIndex(String statement) throws Exception {
        String sql = switch (statement) {
            case "fills of an order" -> FillRepository.FOR_ORDER;
            case "history of an order" -> OrderRepository.TRANSITIONS;
            default -> throw new IllegalArgumentException(statement);
        };
        try (Connection db = GatewayTest.database()) {
            String plan = QueryPlans.withoutTableScans(db, sql, "(text)", "('some-order')");
            // neither a scan of the table nor of a whole index whose rows are then filtered
            assertThat(plan).as(statement + ":\n" + plan).doesNotContain("Seq Scan").doesNotContain("Filter:").contains("Index Cond");
        }
    }
}
