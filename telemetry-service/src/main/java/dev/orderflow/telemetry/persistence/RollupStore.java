package dev.orderflow.telemetry.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.telemetry.domain.HourlyRollup;
import dev.orderflow.telemetry.domain.InstanceFigures;
import dev.orderflow.telemetry.domain.Report;
import dev.orderflow.telemetry.domain.TelemetryModel;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Hourly roll-ups in Postgres: every minute the hours the figures hold (the day window, overall and
 * per symbol) are written over their rows, and each instance's resources of the current hour are
 * merged into its row. Reports read only these rows.
 */
@ApplicationScoped
public class RollupStore {

    private static final Logger LOG = Logger.getLogger(RollupStore.class);

    private final AgroalDataSource dataSource;
    private final TelemetryModel model;
    private final Duration missingAfter;

    public RollupStore(AgroalDataSource dataSource, TelemetryModel model, @Named("heartbeatMissingAfter") Duration missingAfter) {
        this.dataSource = dataSource;
        this.model = model;
        this.missingAfter = missingAfter;
    }

    @Scheduled(every = "${telemetry.reports.rollup-every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            write();
        } catch (SQLException e) {
            LOG.warnf("Hourly roll-ups not written: %s", e.getMessage());
        }
    }

    public void write() throws SQLException {
        List<HourlyRollup> rollups = model.hourlyRollups();
        List<InstanceFigures> instances = model.instances(missingAfter);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO hourly_rollup (hour, scope, scope_key, figures, updated_at) VALUES (?, ?, ?, ?::jsonb, now())
                    ON CONFLICT (hour, scope, scope_key) DO UPDATE SET figures = EXCLUDED.figures, updated_at = now()""")) {
                for (HourlyRollup rollup : rollups) {
                    upsert.setTimestamp(1, Timestamp.from(rollup.hour()));
                    upsert.setString(2, rollup.scope());
                    upsert.setString(3, rollup.key());
                    upsert.setString(4, rollup.figures().toString());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO hourly_instance (hour, service, instance, rss_bytes_max, rss_bytes_last, heap_bytes_max,
                        cpu_percent_max, cpu_percent_last, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (hour, service, instance) DO UPDATE SET
                        rss_bytes_max = GREATEST(hourly_instance.rss_bytes_max, EXCLUDED.rss_bytes_max),
                        rss_bytes_last = COALESCE(EXCLUDED.rss_bytes_last, hourly_instance.rss_bytes_last),
                        heap_bytes_max = GREATEST(hourly_instance.heap_bytes_max, EXCLUDED.heap_bytes_max),
                        cpu_percent_max = GREATEST(hourly_instance.cpu_percent_max, EXCLUDED.cpu_percent_max),
                        cpu_percent_last = COALESCE(EXCLUDED.cpu_percent_last, hourly_instance.cpu_percent_last),
                        updated_at = now()""")) {
                for (InstanceFigures instance : instances) {
                    if (instance.lastSeenAt().isBefore(hour)) {
                        continue;
                    }
                    upsert.setTimestamp(1, Timestamp.from(hour));
                    upsert.setString(2, instance.service());
                    upsert.setString(3, instance.instance());
                    upsert.setObject(4, instance.rssBytes());
                    upsert.setObject(5, instance.rssBytes());
                    upsert.setObject(6, instance.heapUsedBytes());
                    upsert.setBigDecimal(7, instance.cpuPercent());
                    upsert.setBigDecimal(8, instance.cpuPercent());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            connection.commit();
        }
    }

    /** Roll-ups of [from, to) of one scope, keyed by scope key. */
    public Map<String, List<JsonNode>> figures(Instant from, Instant to, String scope) throws SQLException {
        Map<String, List<JsonNode>> byKey = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT scope_key, figures FROM hourly_rollup WHERE scope = ? AND hour >= ? AND hour < ? ORDER BY hour")) {
            query.setString(1, scope);
            query.setTimestamp(2, Timestamp.from(from));
            query.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byKey.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(EventJson.readTree(rows.getBytes(2)));
                }
            }
        }
        return byKey;
    }

    public List<Report.InstanceTrend> resources(Instant from, Instant to) throws SQLException {
        Map<String, List<Object[]>> byInstance = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT service, instance, rss_bytes_max, rss_bytes_last, heap_bytes_max, cpu_percent_max, cpu_percent_last
                        FROM hourly_instance WHERE hour >= ? AND hour < ? ORDER BY service, instance, hour""")) {
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byInstance.computeIfAbsent(rows.getString(1) + "/" + rows.getString(2), k -> new ArrayList<>()).add(new Object[] {
                            rows.getString(1), rows.getString(2), (Long) rows.getObject(3), (Long) rows.getObject(4),
                            (Long) rows.getObject(5), rows.getBigDecimal(6), rows.getBigDecimal(7)});
                }
            }
        }
        List<Report.InstanceTrend> trends = new ArrayList<>();
        for (List<Object[]> hours : byInstance.values()) {
            Object[] first = hours.getFirst();
            Object[] last = hours.getLast();
            Long rssFirst = (Long) first[3];
            Long rssLast = (Long) last[3];
            Long rssMax = hours.stream().map(h -> (Long) h[2]).filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
            Long heapMax = hours.stream().map(h -> (Long) h[4]).filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
            BigDecimal cpuMax = hours.stream().map(h -> (BigDecimal) h[5]).filter(java.util.Objects::nonNull).max(BigDecimal::compareTo)
                    .orElse(null);
            BigDecimal change = rssFirst == null || rssLast == null ? null
                    : BigDecimal.valueOf(rssLast - rssFirst).movePointLeft(6).setScale(1, RoundingMode.HALF_UP);
            trends.add(new Report.InstanceTrend((String) first[0], (String) first[1], rssFirst, rssLast, rssMax, change, heapMax,
                    cpuMax, (BigDecimal) last[6]));
        }
        return trends;
    }
}
