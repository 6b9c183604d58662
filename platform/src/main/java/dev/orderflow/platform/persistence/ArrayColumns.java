package dev.orderflow.platform.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Binds the columns of many rows as one array parameter each, in the order of the statement's
 * parameters, for an {@code INSERT .. SELECT .. FROM unnest(?::text[], ..)}: any number of rows in
 * one statement of one shape, so one round trip and one prepared statement whatever the count. Text
 * columns are cast by the statement to their types ({@code quantity::numeric}); a null element is a
 * SQL NULL.
 */
public final class ArrayColumns {

    private final Connection connection;
    private final PreparedStatement statement;
    private int next = 1;

    public ArrayColumns(Connection connection, PreparedStatement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    /** Binds the next parameter to {@code column} of every row, as {@code text[]}. */
    public <T> ArrayColumns text(List<T> rows, Function<T, String> column) throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        statement.setArray(next++, connection.createArrayOf("text", values));
        return this;
    }

    /** Binds the next parameter to {@code column} of every row, as {@code bigint[]}. */
    public <T> ArrayColumns bigint(List<T> rows, ToLongFunction<T> column) throws SQLException {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.applyAsLong(rows.get(i));
        }
        statement.setArray(next++, connection.createArrayOf("bigint", values));
        return this;
    }
}
