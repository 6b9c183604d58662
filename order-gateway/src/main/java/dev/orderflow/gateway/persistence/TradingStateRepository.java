package dev.orderflow.gateway.persistence;

import dev.orderflow.gateway.domain.TradingState;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The persisted trading state (one row). */
@ApplicationScoped
public class TradingStateRepository {

    public record Row(TradingState state, String reason, String updatedBy, Instant updatedAt) {
    }

    private final AgroalDataSource dataSource;

    public TradingStateRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Row current() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, reason, updated_by, updated_at FROM trading_state WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Row(TradingState.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant());
        } catch (SQLException e) {
            throw new DataAccessException("read trading state", e);
        }
    }

    public Row set(TradingState state, String reason, String updatedBy, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE trading_state SET state = ?, reason = ?, updated_by = ?, updated_at = ? WHERE id = 1")) {
            ps.setString(1, state.name());
            ps.setString(2, reason);
            ps.setString(3, updatedBy);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
            return new Row(state, reason, updatedBy, at);
        } catch (SQLException e) {
            throw new DataAccessException("set trading state", e);
        }
    }
}
