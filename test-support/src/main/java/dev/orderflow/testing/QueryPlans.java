package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The plan Postgres makes for a statement when it is told to avoid table scans: a plan that still
 * holds one (or reads a whole index through a filter) has no index that fits the statement.
 */
public final class QueryPlans {

    private QueryPlans() {
    }

    /**
     * Asserts that {@code sql} finds its rows through an index: its plan without table scans holds
     * neither a table scan nor a whole index whose rows are then filtered, and uses an index condition.
     */
    public static void assertReadsThroughAnIndex(Connection db, String what, String sql, String parameterTypes, String arguments)
            throws SQLException {
        String plan = withoutTableScans(db, sql, parameterTypes, arguments);
        assertThat(plan).as(what + ":\n" + plan).doesNotContain("Seq Scan").doesNotContain("Filter:").contains("Index Cond");
    }

    /**
     * EXPLAINs {@code sql} (JDBC {@code ?} placeholders) as a prepared statement with the given parameter
     * types and arguments, e.g. {@code "(text)"} and {@code "('x')"}; nothing it would do is done.
     */
    public static String withoutTableScans(Connection db, String sql, String parameterTypes, String arguments) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            st.execute("SET LOCAL enable_seqscan = off");
            st.execute("PREPARE planned" + parameterTypes + " AS " + numbered);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE planned" + arguments)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            st.execute("DEALLOCATE planned");
            return plan.toString();
        } finally {
            db.rollback();
            db.setAutoCommit(autoCommit);
        }
    }
}
