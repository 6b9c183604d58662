package dev.orderflow.platform.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;

/**
 * Statements planned by Postgres with their parameters on every call, for those whose plan must follow
 * how big their table has grown. A statement prepared once for all (the driver does that from its fifth
 * call on) gets a generic plan after a few calls and keeps it for the connection's life; one chosen while
 * the table was nearly empty is a table scan, which it then goes on running on a table of a million rows
 * until the next ANALYZE. A lookup by a list of keys ({@code = ANY(?)}) is the usual victim: its generic
 * plan guesses ten keys, which on a small table a scan beats.
 */
public final class PlannedPerCall {

    private PlannedPerCall() {
    }

    public static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }
}
