package dev.orderflow.gateway.persistence;

import dev.orderflow.gateway.domain.OrderEvent.FillReported;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Fills, stored once per exchange trade id. */
@ApplicationScoped
public class FillRepository {

    public record FillRow(String tradeId, String exchangeOrderId, BigDecimal price, BigDecimal quantity, java.time.Instant executedAt) {
    }

    private final AgroalDataSource dataSource;

    public FillRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the fill unless its trade id is known; true when it is new. */
    public boolean insertIfNew(long orderId, String clientOrderId, String symbol, FillReported fill) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO fills (order_id, client_order_id, symbol, trade_id, exchange_order_id, price, quantity, commission, "
                        + "commission_asset, executed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, trade_id) DO NOTHING")) {
            ps.setLong(1, orderId);
            ps.setString(2, clientOrderId);
            ps.setString(3, symbol);
            ps.setString(4, fill.tradeId());
            ps.setString(5, fill.exchangeOrderId());
            ps.setBigDecimal(6, fill.price());
            ps.setBigDecimal(7, fill.quantity());
            ps.setBigDecimal(8, fill.commission());
            ps.setString(9, fill.commissionAsset());
            ps.setTimestamp(10, Timestamp.from(fill.at()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException("store fill " + fill.tradeId(), e);
        }
    }

    /** True when this order already has a fill with this trade id. */
    public boolean exists(long orderId, String tradeId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM fills WHERE order_id = ? AND trade_id = ?")) {
            ps.setLong(1, orderId);
            ps.setString(2, tradeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new DataAccessException("read fill " + tradeId, e);
        }
    }

    static final String TRADE_IDS = "SELECT trade_id FROM fills WHERE order_id = ?";

    /** The trade ids of an order's stored fills. */
    public Set<String> tradeIds(long orderId) {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TRADE_IDS)) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("read trade ids", e);
        }
        return ids;
    }

    /**
     * An order's fills. Reached through the order's id, which the fills are indexed by: a search by
     * client order id would read the whole table, once per answer recorded.
     */
    static final String FOR_ORDER = "SELECT trade_id, exchange_order_id, price, quantity, executed_at FROM fills "
            + "WHERE order_id = (SELECT id FROM orders WHERE client_order_id = ?) ORDER BY id";

    public List<FillRow> forOrder(String clientOrderId) {
        List<FillRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FOR_ORDER)) {
            ps.setString(1, clientOrderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new FillRow(rs.getString(1), rs.getString(2), OrderRepository.strip(rs.getBigDecimal(3)),
                            OrderRepository.strip(rs.getBigDecimal(4)), rs.getTimestamp(5).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("read fills", e);
        }
        return rows;
    }
}
