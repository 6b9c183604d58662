package dev.orderflow.gateway.persistence;

import java.sql.SQLException;

/** Postgres failed a statement or could not be reached. The API answers 503 with Retry-After. */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** The SQL state of the cause, e.g. 23505 for a unique violation. */
    public String sqlState() {
        return getCause() instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
