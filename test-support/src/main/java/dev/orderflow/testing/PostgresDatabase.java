package dev.orderflow.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test run on a real Postgres server, dropped afterwards. The server
 * is {@code ORDERFLOW_TEST_PG_ADMIN_URL} (default: the local server on 127.0.0.1:5432 as postgres).
 */
public final class PostgresDatabase implements AutoCloseable {

    public static final String ADMIN_URL_VARIABLE = "ORDERFLOW_TEST_PG_ADMIN_URL";
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String adminUrl;
    private final String name;

    private PostgresDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    public static PostgresDatabase create(String prefix) {
        String adminUrl = System.getenv().getOrDefault(ADMIN_URL_VARIABLE, DEFAULT_ADMIN_URL);
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need a Postgres server at " + adminUrl.replaceAll("password=[^&]*", "password=***")
                    + " (set " + ADMIN_URL_VARIABLE + "): " + e.getMessage(), e);
        }
        return new PostgresDatabase(adminUrl, name);
    }

    public String name() {
        return name;
    }

    /** JDBC URL of the new database on the same server, without credentials. */
    public String jdbcUrl() {
        String base = adminUrl.contains("?") ? adminUrl.substring(0, adminUrl.indexOf('?')) : adminUrl;
        return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }

    public String username() {
        return parameter("user", "postgres");
    }

    public String password() {
        return parameter("password", "");
    }

    private String parameter(String key, String fallback) {
        if (!adminUrl.contains("?")) {
            return fallback;
        }
        for (String pair : adminUrl.substring(adminUrl.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        return fallback;
    }

    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
