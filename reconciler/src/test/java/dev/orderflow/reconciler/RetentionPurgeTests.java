package dev.orderflow.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.reconciler.service.RetentionPurge;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The reconciler's tables stay bounded: what is older than the retention goes, open orders and runs under way stay. */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperExchangeResource.class)
class RetentionPurgeTests {

    @Inject
    RetentionPurge purge;

    @Inject
    DataSource dataSource;

    @Test
    void finalOrdersEventIdsAndRunsOlderThanTheRetentionArePurgedInBatchesAndOpenOnesAreKept() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String oldFinal = "old-final-" + tag;
        String oldOpen = "old-open-" + tag;
        String recentFinal = "recent-final-" + tag;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) { // more than one batch (purge-batch-size is 2 in tests)
                s.execute(order(oldFinal + "-" + i, "FILLED", "40 days"));
                s.execute(trade(oldFinal + "-" + i, "t" + i + tag));
                s.execute("INSERT INTO processed_event (event_id, processed_at) VALUES ('old-" + tag + i + "', now() - interval '40 days')");
            }
            s.execute(order(oldOpen, "ACKNOWLEDGED", "40 days"));
            s.execute(trade(oldOpen, "open" + tag));
            s.execute(order(recentFinal, "CANCELED", "1 day"));
            s.execute("INSERT INTO processed_event (event_id, processed_at) VALUES ('recent-" + tag + "', now() - interval '1 day')");
            s.execute(run("old-run-" + tag, "now() - interval '40 days'"));
            s.execute(run("running-" + tag, "NULL"));
            s.execute(run("recent-run-" + tag, "now() - interval '1 day'"));
        }

        RetentionPurge.Purged purged = purge.purge(Instant.now());

        assertThat(purged.orders()).isGreaterThanOrEqualTo(3);
        assertThat(purged.events()).isGreaterThanOrEqualTo(3);
        assertThat(purged.runs()).isGreaterThanOrEqualTo(1);
        assertThat(count("tracked_order WHERE client_order_id LIKE '" + oldFinal + "%'")).as("old final orders").isZero();
        assertThat(count("seen_trade WHERE client_order_id LIKE '" + oldFinal + "%'")).as("their trades").isZero();
        assertThat(count("processed_event WHERE event_id LIKE 'old-" + tag + "%'")).as("old event ids").isZero();
        assertThat(count("reconciliation_run WHERE run_id = 'old-run-" + tag + "'")).as("old finished run").isZero();
        assertThat(count("tracked_order WHERE client_order_id = '" + oldOpen + "'")).as("an open order, however old").isOne();
        assertThat(count("seen_trade WHERE client_order_id = '" + oldOpen + "'")).as("the open order's trade").isOne();
        assertThat(count("tracked_order WHERE client_order_id = '" + recentFinal + "'")).as("a recent final order").isOne();
        assertThat(count("processed_event WHERE event_id = 'recent-" + tag + "'")).as("a recent event id").isOne();
        assertThat(count("reconciliation_run WHERE run_id IN ('running-" + tag + "', 'recent-run-" + tag + "')"))
                .as("a run under way and a recent run").isEqualTo(2);
    }

    private static String order(String coid, String status, String age) {
        return "INSERT INTO tracked_order (client_order_id, symbol, side, status, quantity, executed_quantity, updated_at) "
                + "VALUES ('" + coid + "', 'BTCUSDT', 'BUY', '" + status + "', 1, 0, now() - interval '" + age + "')";
    }

    private static String trade(String coid, String tradeId) {
        return "INSERT INTO seen_trade (symbol, trade_id, client_order_id) VALUES ('BTCUSDT', '" + tradeId + "', '" + coid + "')";
    }

    private static String run(String runId, String finishedAt) {
        return "INSERT INTO reconciliation_run (run_id, kind, phase, started_at, finished_at) VALUES ('" + runId
                + "', 'PERIODIC', " + ("NULL".equals(finishedAt) ? "'STARTED'" : "'FINISHED'") + ", now() - interval '40 days', "
                + finishedAt + ")";
    }

    private long count(String fromWhere) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + fromWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
