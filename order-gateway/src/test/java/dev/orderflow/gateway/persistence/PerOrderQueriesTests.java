package dev.orderflow.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.gateway.messaging.outbox.OutboxRelay;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.platform.persistence.PlannedPerCall;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.QueryPlans;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
            QueryPlans.assertReadsThroughAnIndex(db, "fills of an order", FillRepository.FOR_ORDER, "(text)", "('some-order')");
            QueryPlans.assertReadsThroughAnIndex(db, "trade ids of an order", FillRepository.TRADE_IDS, "(bigint)", "(42)");
        }
    }

    /**
     * The relay marks every batch it published by id. Prepared once for all on a connection, that statement
     * got a generic plan while the outbox was nearly empty, a table scan, and kept it as the outbox grew:
     * at 200 orders/s Postgres spent a core scanning the outbox. Planned per call, it reads the ids
     * through the primary key however the table was when the connection first ran it.
     */
    @Test
    void theRelaysMarkingStatementUsesTheIndexAfterTheOutboxHasGrownFromEmpty() throws Exception {
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("CREATE TEMP TABLE outbox (LIKE outbox INCLUDING ALL)");
            try {
                assertThat(seqScansOfGrownTable(db, PlannedPerCall.prepare(db, OutboxRelay.MARK_PUBLISHED)))
                        .as("table scans by the relay's statement once the table has grown").isZero();
                db.createStatement().execute("TRUNCATE pg_temp.outbox");
                // the hazard itself, so that this test fails if Postgres stops caching such plans
                assertThat(seqScansOfGrownTable(db, db.prepareStatement(OutboxRelay.MARK_PUBLISHED)))
                        .as("table scans by the same statement prepared once for all").isPositive();
            } finally {
                db.createStatement().execute("DROP TABLE pg_temp.outbox");
            }
        }
    }

    /**
     * Runs the statement 20 times on a nearly empty table (the fifth call on uses a prepared statement,
     * whose plan goes generic after five more), fills the table, runs it 5 times more in one transaction
     * and returns how many table scans those 5 made.
     */
    private static long seqScansOfGrownTable(Connection db, PreparedStatement mark) throws Exception {
        try (mark) {
            db.createStatement().execute("INSERT INTO pg_temp.outbox (event_id, topic, msg_key, event_type, payload, headers) "
                    + "SELECT gen_random_uuid(), 't', 'k', 'e', '{}', '{}' FROM generate_series(1, 20)");
            Array ids = db.createArrayOf("bigint", new Object[] {1L, 2L});
            for (int i = 0; i < 20; i++) {
                mark.setArray(1, ids);
                mark.executeUpdate();
            }
            db.createStatement().execute("INSERT INTO pg_temp.outbox (event_id, topic, msg_key, event_type, payload, headers) "
                    + "SELECT gen_random_uuid(), 't', 'k', 'e', '{}', '{}' FROM generate_series(1, 50000)");
            db.setAutoCommit(false);
            try {
                long before = seqScans(db);
                for (int i = 0; i < 5; i++) {
                    mark.setArray(1, ids);
                    mark.executeUpdate();
                }
                return seqScans(db) - before;
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
        }
    }

    /** Table scans of the scratch table by this connection so far (counts not yet flushed to the statistics included). */
    private static long seqScans(Connection db) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(
                "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'pg_temp.outbox'::regclass")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
