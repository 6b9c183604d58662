package dev.orderflow.reconciler.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.ReconciliationFinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reconciliation runs ({@code reconciliation_run}). */
@ApplicationScoped
public class RunRepository {

    private static final TypeReference<List<ReconciliationFinding>> FINDINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "run_id, kind, phase, requested_by, started_at, finished_at, findings::text, "
            + "commands_sent, error, result_event_id";

    private final DataSource dataSource;

    public RunRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The answer to "may I run this run id?". */
    public sealed interface Claim {
        /** The run is new, or its earlier attempt failed or went stale ({@code again}): run it. */
        record Run(boolean again) implements Claim {
        }

        /** The run ended before: answer with the stored outcome. */
        record Ended(StoredRun run) implements Claim {
        }

        /** Another attempt is under way. */
        record Running(StoredRun run) implements Claim {
        }
    }

    /**
     * Claims a run id; call inside a transaction. A FINISHED run is answered from the store; a FAILED run,
     * or one left STARTED before {@code staleBefore} (its instance died), is run again under the same id.
     */
    public Claim claim(String runId, String kind, String requestedBy, Instant now, Instant staleBefore) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reconciliation_run (run_id, kind, phase, requested_by, "
                    + "started_at) VALUES (?, ?, 'STARTED', ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, runId);
                ps.setString(2, kind);
                ps.setString(3, requestedBy);
                ps.setTimestamp(4, Timestamp.from(now));
                if (ps.executeUpdate() == 1) {
                    return new Claim.Run(false);
                }
            }
            StoredRun existing;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM reconciliation_run WHERE run_id = ? FOR UPDATE")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    existing = read(rs);
                }
            }
            if ("FINISHED".equals(existing.phase())) {
                return new Claim.Ended(existing);
            }
            if ("STARTED".equals(existing.phase()) && existing.startedAt().isAfter(staleBefore)) {
                return new Claim.Running(existing);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE reconciliation_run SET phase = 'STARTED', started_at = ?, "
                    + "finished_at = NULL, error = NULL, result_event_id = NULL WHERE run_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            return new Claim.Run(true);
        } catch (SQLException e) {
            throw new IllegalStateException("claiming run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    /** Stores how a run ended. */
    public void end(String runId, String phase, Instant finishedAt, List<ReconciliationFinding> findings, int commandsSent,
            String error, String resultEventId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE reconciliation_run "
                + "SET phase = ?, finished_at = ?, findings = ?::jsonb, commands_sent = ?, error = ?, result_event_id = ? "
                + "WHERE run_id = ?")) {
            ps.setString(1, phase);
            ps.setTimestamp(2, Timestamp.from(finishedAt));
            ps.setString(3, new String(EventJson.toBytes(findings), java.nio.charset.StandardCharsets.UTF_8));
            ps.setInt(4, commandsSent);
            ps.setString(5, error);
            ps.setString(6, resultEventId);
            ps.setString(7, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("storing run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Remembers the venue duplicates among these findings; call inside a transaction. Returns the ones
     * reported for the first time (an order found by an earlier run again is not among them).
     */
    public List<ReconciliationFinding> recordVenueDuplicates(String runId, List<ReconciliationFinding> findings, Instant foundAt) {
        List<ReconciliationFinding> firstReported = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO venue_duplicate "
                + "(symbol, exchange_order_id, client_order_id, kind, first_run_id, found_at) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            for (ReconciliationFinding finding : findings) {
                if (!finding.venueDuplicate() || finding.exchangeOrderId() == null) {
                    continue;
                }
                ps.setString(1, finding.symbol());
                ps.setString(2, finding.exchangeOrderId());
                ps.setString(3, finding.clientOrderId());
                ps.setString(4, finding.kind());
                ps.setString(5, runId);
                ps.setTimestamp(6, Timestamp.from(foundAt));
                if (ps.executeUpdate() == 1) {
                    firstReported.add(finding);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the venue duplicates of run " + runId + " failed: " + e.getMessage(), e);
        }
        return firstReported;
    }

    public Optional<StoredRun> find(String runId) {
        List<StoredRun> runs = select("SELECT " + COLUMNS + " FROM reconciliation_run WHERE run_id = ?", runId);
        return runs.stream().findFirst();
    }

    /** The most recent runs, newest first. */
    public List<StoredRun> recent(int limit) {
        return select("SELECT " + COLUMNS + " FROM reconciliation_run ORDER BY started_at DESC LIMIT ?", limit);
    }

    /** Deletes up to {@code limit} runs that finished before the cut-off (a run under way is kept); returns how many went. */
    public int purgeFinished(Instant finishedBefore, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM reconciliation_run WHERE run_id IN ("
                        + "SELECT run_id FROM reconciliation_run WHERE finished_at < ? ORDER BY finished_at LIMIT ?)")) {
            ps.setTimestamp(1, Timestamp.from(finishedBefore));
            ps.setInt(2, limit);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("purge of runs failed: " + e.getMessage(), e);
        }
    }

    private List<StoredRun> select(String sql, Object param) {
        List<StoredRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading runs failed: " + e.getMessage(), e);
        }
        return runs;
    }

    private static StoredRun read(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(6);
        List<ReconciliationFinding> findings;
        try {
            findings = EventJson.mapper().readValue(rs.getString(7), FINDINGS);
        } catch (IOException e) {
            throw new SQLException("unreadable findings of run " + rs.getString(1), e);
        }
        return new StoredRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                finished == null ? null : finished.toInstant(), findings, rs.getInt(8), rs.getString(9), rs.getString(10));
    }
}
