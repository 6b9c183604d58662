package dev.orderflow.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DataAccessExceptionTests {

    private static DataAccessException failed(String sqlState) {
        return new DataAccessException("insert", new SQLException("failed", sqlState));
    }

    @Test
    void anUnreachableOrStoppingDatabaseIsUnavailable() {
        assertThat(failed(null).databaseUnavailable()).as("no connection from the pool").isTrue();
        assertThat(failed("08006").databaseUnavailable()).as("connection lost").isTrue();
        assertThat(failed("57P01").databaseUnavailable()).as("admin shutdown").isTrue();
        assertThat(failed("53300").databaseUnavailable()).as("too many connections").isTrue();
    }

    @Test
    void aStatementRefusedForWhatItWroteIsNot() {
        assertThat(failed("23505").databaseUnavailable()).as("unique violation").isFalse();
        assertThat(failed("22003").databaseUnavailable()).as("numeric overflow").isFalse();
        assertThat(failed("P0001").databaseUnavailable()).as("raised by a trigger").isFalse();
        assertThat(failed("40P01").databaseUnavailable()).as("deadlock").isFalse();
    }

    @Test
    void isFoundAnywhereInACauseChain() {
        DataAccessException cause = failed("08006");
        assertThat(DataAccessException.in(new IllegalStateException("commit failed", new RuntimeException(cause)))).isSameAs(cause);
        assertThat(DataAccessException.in(new IllegalStateException("no database involved"))).isNull();
    }
}
