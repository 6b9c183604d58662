package dev.orderflow.reconciler.persistence;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.QueryPlans;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A retention purge batch reads the rows it deletes, not the whole table: with table scans avoided
 * by the planner, a plan that still reads more (a table scan, or an index read row by row through a
 * filter) has no index to use.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperExchangeResource.class)
class PurgeQueriesTests {

    @Inject
    DataSource dataSource;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "final orders   | (text[], timestamptz, int) | (ARRAY['FILLED', 'CANCELED'], now(), 1000)",
            "processed events | (timestamptz, int)      | (now(), 1000)"})
    void aPurgeBatchFindsItsRowsThroughAnIndexOnTheirAge(String rows, String types, String arguments) throws Exception {
        String sql = rows.startsWith("final") ? TrackedOrderRepository.FINAL_ORDERS_TO_PURGE : TrackedOrderRepository.PROCESSED_EVENTS_TO_PURGE;
        try (Connection db = dataSource.getConnection()) {
            QueryPlans.assertReadsThroughAnIndex(db, rows, sql, types, arguments);
        }
    }
}
