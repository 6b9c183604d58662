package dev.orderflow.testing.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Row counts of a service's tables in the test database, to show that refused requests wrote nothing. */
public final class Rows {

    private Rows() {
    }

    /** The number of rows of each table, in the service's schema, with an optional SQL condition per table. */
    public static Map<String, Long> count(String schema, Map<String, String> tablesAndConditions) {
        Config config = ConfigProvider.getConfig();
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""))) {
            for (var table : tablesAndConditions.entrySet()) {
                String where = table.getValue() == null || table.getValue().isBlank() ? "" : " WHERE " + table.getValue();
                try (ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM " + schema + "." + table.getKey() + where)) {
                    rows.next();
                    counts.put(table.getKey(), rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count rows in " + schema, e);
        }
        return counts;
    }

    public static Map<String, Long> count(String schema, String... tables) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String table : tables) {
            all.put(table, null);
        }
        return count(schema, all);
    }
}
