package dev.orderflow.gateway.persistence;

import dev.orderflow.platform.persistence.DatabaseOutages;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** Postgres failed a statement or could not be reached. The API answers 503 with Retry-After. */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** The SQL state of the cause, e.g. 23505 for a unique violation. */
    public String sqlState() {
        return getCause() instanceof SQLException sql ? sql.getSQLState() : null;
    }

    /**
     * Whether Postgres could not be reached or refused all work (no connection from the pool, a lost
     * connection, a shutdown, exhausted resources), rather than refusing this statement for what it wrote.
     */
    public boolean databaseUnavailable() {
        return DatabaseOutages.isUnavailable(sqlState());
    }

    /**
     * Whether Postgres refused a value the statement carried (SQL state class 22, data exception: a NUL character,
     * an invalid byte sequence, a value out of range), which comes from the request rather than from an outage.
     */
    public boolean badValue() {
        String state = sqlState();
        return state != null && state.startsWith("22");
    }

    /** Names what a statement wrote for a message: the first row, and how many more ("A and 3 more"). */
    public static <T> String rows(List<T> rows, Function<T, String> name) {
        return name.apply(rows.getFirst()) + (rows.size() > 1 ? " and " + (rows.size() - 1) + " more" : "");
    }

    /** The first {@code DataAccessException} in {@code failure}'s cause chain, or null. */
    public static DataAccessException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException dataAccess) {
                return dataAccess;
            }
        }
        return null;
    }
}
