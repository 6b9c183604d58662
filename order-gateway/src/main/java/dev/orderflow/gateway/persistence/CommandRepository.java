package dev.orderflow.gateway.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Command ids already applied; the insert is the idempotency check. */
@ApplicationScoped
public class CommandRepository {

    private final AgroalDataSource dataSource;

    public CommandRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the command; false when it was already applied. */
    public boolean markProcessed(String commandId, String type, String outcome) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO processed_command (command_id, command_type, outcome) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, commandId);
            ps.setString(2, type);
            ps.setString(3, outcome);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException("record command " + commandId, e);
        }
    }

    public boolean exists(String commandId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM processed_command WHERE command_id = ?")) {
            ps.setString(1, commandId);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new DataAccessException("read command " + commandId, e);
        }
    }
}
