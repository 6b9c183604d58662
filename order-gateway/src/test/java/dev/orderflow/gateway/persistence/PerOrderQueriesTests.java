package dev.orderflow.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
        try (Connection db = GatewayTest.database(); Statement st = db.createStatement()) {
            db.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off");
            st.execute("PREPARE per_order(text) AS " + sql.replace("?", "$1"));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE per_order('some-order')")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            st.execute("DEALLOCATE per_order");
            db.rollback();
            // neither a scan of the table nor of a whole index whose rows are then filtered
            assertThat(plan.toString()).as(statement + ":\n" + plan).doesNotContain("Seq Scan").doesNotContain("Filter:")
                    .contains("Index Cond");
        }
    }
}
