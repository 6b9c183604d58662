package dev.orderflow.gateway.persistence;

import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.SlippageReference;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The guards' decision for an order waiting in PENDING_GUARDS, stored before the order goes on. */
@ApplicationScoped
public class GuardDecisionRepository {

    public record Decision(GuardOutcome outcome, String reasons) {
    }

    private final AgroalDataSource dataSource;

    public GuardDecisionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the first decision for a waiting order, with the price the guards expected it to fill at
     * (null when they had none: the order's slippage is then measured against the touch before sending);
     * false when it is not waiting or already decided.
     */
    public boolean record(long orderId, GuardOutcome outcome, String reasons, BigDecimal expectedPrice) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE orders SET guard_outcome = ?, guard_reasons = ?, measured_reference = ?, measured_reference_source = ? "
                        + "WHERE id = ? AND status = ? AND guard_outcome IS NULL")) {
            boolean expected = expectedPrice != null && expectedPrice.signum() > 0;
            ps.setString(1, outcome.name());
            ps.setString(2, reasons);
            ps.setBigDecimal(3, expected ? expectedPrice : null);
            ps.setString(4, expected ? SlippageReference.GUARDS_EXPECTED.name() : null);
            ps.setLong(5, orderId);
            ps.setString(6, OrderStatus.PENDING_GUARDS.name());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException("record guard decision", e);
        }
    }

    public Optional<Decision> find(long orderId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT guard_outcome, guard_reasons FROM orders WHERE id = ?")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    return Optional.of(new Decision(GuardOutcome.valueOf(rs.getString(1)), rs.getString(2)));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("read guard decision", e);
        }
    }
}
