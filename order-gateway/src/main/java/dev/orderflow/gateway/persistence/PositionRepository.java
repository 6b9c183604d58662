package dev.orderflow.gateway.persistence;

import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.domain.PositionChange;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Net base-asset position per symbol, moved by every stored fill. */
@ApplicationScoped
public class PositionRepository {

    public record Position(String symbol, BigDecimal quantity, BigDecimal averagePrice, Instant updatedAt) {
    }

    private final AgroalDataSource dataSource;

    public PositionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies one fill as {@link PositionChange} says: buys add (and move the average price), sells
     * subtract, a commission paid in the base asset is left out of what is held.
     *
     * @param baseAsset the symbol's base asset, null when unknown (the commission is then not counted)
     */
    public void applyFill(String symbol, Side side, BigDecimal quantity, BigDecimal price, BigDecimal commission,
            String commissionAsset, String baseAsset, Instant at) {
        Position current = findForUpdate(symbol);
        PositionChange change = PositionChange.apply(current == null ? BigDecimal.ZERO : current.quantity(),
                current == null ? null : current.averagePrice(), side, quantity, price, commission, commissionAsset, baseAsset);
        BigDecimal next = change.quantity();
        BigDecimal average = change.averagePrice();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO positions (symbol, quantity, average_price, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (symbol) DO UPDATE SET quantity = excluded.quantity, average_price = excluded.average_price, "
                        + "updated_at = excluded.updated_at")) {
            ps.setString(1, symbol);
            ps.setBigDecimal(2, next);
            ps.setBigDecimal(3, average);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("apply fill to position " + symbol, e);
        }
    }

    /**
     * The position, row-locked until the transaction ends (serialises exits of one symbol); a symbol
     * never traded before gets its row first.
     */
    public Position findForUpdate(String symbol) {
        try (Connection c = dataSource.getConnection()) {
            Position held = lockRow(c, symbol);
            if (held != null) {
                return held;
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO positions (symbol, quantity, updated_at) VALUES (?, 0, now()) ON CONFLICT (symbol) DO NOTHING")) {
                insert.setString(1, symbol);
                insert.executeUpdate();
            }
            return lockRow(c, symbol);
        } catch (SQLException e) {
            throw new DataAccessException("lock position " + symbol, e);
        }
    }

    private static Position lockRow(Connection c, String symbol) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT symbol, quantity, average_price, updated_at FROM positions WHERE symbol = ? FOR UPDATE")) {
            ps.setString(1, symbol);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    public List<Position> all() {
        List<Position> positions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT symbol, quantity, average_price, updated_at FROM positions WHERE quantity <> 0 ORDER BY symbol");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                positions.add(map(rs));
            }
        } catch (SQLException e) {
            throw new DataAccessException("read positions", e);
        }
        return positions;
    }

    private static Position map(ResultSet rs) throws SQLException {
        return new Position(rs.getString(1), OrderRepository.strip(rs.getBigDecimal(2)),
                OrderRepository.strip(rs.getBigDecimal(3)), rs.getTimestamp(4).toInstant());
    }
}
