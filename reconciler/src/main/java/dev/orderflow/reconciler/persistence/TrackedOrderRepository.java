package dev.orderflow.reconciler.persistence;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.platform.persistence.PlannedPerCall;
import dev.orderflow.reconciler.domain.LocalOrder;
import dev.orderflow.reconciler.domain.StatusMerge;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The local view of the gateway's orders ({@code tracked_order}, {@code seen_trade}, {@code processed_event}). */
@ApplicationScoped
public class TrackedOrderRepository {

    private final DataSource dataSource;

    public TrackedOrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the event id; false if it was processed before. Call inside the transaction that applies it. */
    public boolean markProcessed(String eventId) {
        return update("INSERT INTO processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING", eventId) == 1;
    }

    /** A change of the order's state; {@code null} fields leave what is stored. */
    public void apply(String coid, String symbol, Side side, OrderStatus status, String exchangeOrderId, BigDecimal quantity,
            BigDecimal executedQuantity, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            OrderStatus current = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status FROM tracked_order WHERE client_order_id = ? FOR UPDATE")) {
                ps.setString(1, coid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = OrderStatus.valueOf(rs.getString(1));
                    }
                }
            }
            OrderStatus next = StatusMerge.next(current, status);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO tracked_order (client_order_id, symbol, side, status, exchange_order_id, quantity,
                        executed_quantity, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, 0), ?)
                    ON CONFLICT (client_order_id) DO UPDATE SET
                        side = COALESCE(EXCLUDED.side, tracked_order.side),
                        status = EXCLUDED.status,
                        exchange_order_id = COALESCE(EXCLUDED.exchange_order_id, tracked_order.exchange_order_id),
                        quantity = COALESCE(EXCLUDED.quantity, tracked_order.quantity),
                        executed_quantity = GREATEST(tracked_order.executed_quantity, EXCLUDED.executed_quantity),
                        updated_at = GREATEST(tracked_order.updated_at, EXCLUDED.updated_at)
                    """)) {
                ps.setString(1, coid);
                ps.setString(2, symbol);
                ps.setString(3, side == null ? null : side.name());
                ps.setString(4, next.name());
                ps.setString(5, exchangeOrderId);
                ps.setBigDecimal(6, quantity);
                ps.setBigDecimal(7, executedQuantity);
                ps.setTimestamp(8, Timestamp.from(at));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tracked_order update failed: " + e.getMessage(), e);
        }
    }

    /** Records when the order was first sent (kept if known). */
    public void placed(String coid, Instant at) {
        update("UPDATE tracked_order SET placed_at = COALESCE(placed_at, ?) WHERE client_order_id = ?", Timestamp.from(at), coid);
    }

    /** Records the order's own time to live (from its ORDER_ACCEPTED event). */
    public void ownTtl(String coid, int ttlSeconds) {
        update("UPDATE tracked_order SET ttl_seconds = ? WHERE client_order_id = ?", ttlSeconds, coid);
    }

    /** Records the time of a fill; the earliest one is kept. */
    public void filledAt(String coid, Instant at) {
        update("UPDATE tracked_order SET first_fill_at = LEAST(COALESCE(first_fill_at, ?), ?) WHERE client_order_id = ?",
                Timestamp.from(at), Timestamp.from(at), coid);
    }

    /** Remembers an exchange trade reported on {@code orders.events}. */
    public void tradeSeen(String symbol, String tradeId, String coid) {
        update("INSERT INTO seen_trade (symbol, trade_id, client_order_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                symbol, tradeId, coid);
    }

    /** Orders that are neither finished nor blocked, with the trades seen for them. */
    public List<LocalOrder> unfinished() {
        Map<String, Row> rows = new LinkedHashMap<>();
        query("SELECT client_order_id, symbol, side, status, exchange_order_id, quantity, executed_quantity, updated_at, placed_at, "
                + "first_fill_at, ttl_seconds "
                + "FROM tracked_order WHERE status = ANY (?) ORDER BY updated_at", List.of(OrderStatus.names(OrderStatus.OPEN)), rs -> {
                    Row row = Row.of(rs);
                    rows.put(row.coid, row);
                });
        Map<String, Set<String>> trades = new HashMap<>();
        if (!rows.isEmpty()) {
            query("SELECT client_order_id, trade_id FROM seen_trade WHERE client_order_id = ANY (?)",
                    List.of(rows.keySet()), rs -> trades.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)));
        }
        return rows.values().stream().map(r -> r.toLocal(trades.getOrDefault(r.coid, Set.of()))).toList();
    }

    /** One order with its seen trades. */
    public Optional<LocalOrder> find(String coid) {
        List<Row> found = new ArrayList<>();
        query("SELECT client_order_id, symbol, side, status, exchange_order_id, quantity, executed_quantity, updated_at, placed_at, "
                + "first_fill_at, ttl_seconds "
                + "FROM tracked_order WHERE client_order_id = ?", List.of(coid), rs -> found.add(Row.of(rs)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Set<String> trades = new HashSet<>();
        query("SELECT trade_id FROM seen_trade WHERE client_order_id = ?", List.of(coid), rs -> trades.add(rs.getString(1)));
        return Optional.of(found.getFirst().toLocal(trades));
    }

    /**
     * The client order ids among these that the gateway published events for, each with the exchange
     * order id the gateway recorded for it (null while it has none).
     */
    public Map<String, String> known(Collection<String> coids) {
        Map<String, String> known = new HashMap<>();
        if (!coids.isEmpty()) {
            query("SELECT client_order_id, exchange_order_id FROM tracked_order WHERE client_order_id = ANY (?)", List.of(coids),
                    rs -> known.put(rs.getString(1), rs.getString(2)));
        }
        return known;
    }

    private record Row(String coid, String symbol, String side, String status, String exchangeOrderId, BigDecimal quantity,
            BigDecimal executed, Instant updatedAt, Instant placedAt, Instant firstFillAt, Integer ttlSeconds) {

        static Row of(ResultSet rs) throws SQLException {
            int ttl = rs.getInt(11);
            Integer ttlSeconds = rs.wasNull() ? null : ttl;
            return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getTimestamp(8).toInstant(), instant(rs.getTimestamp(9)),
                    instant(rs.getTimestamp(10)), ttlSeconds);
        }

        private static Instant instant(Timestamp t) {
            return t == null ? null : t.toInstant();
        }

        LocalOrder toLocal(Set<String> trades) {
            return new LocalOrder(coid, symbol, side == null ? null : Side.valueOf(side), OrderStatus.valueOf(status),
                    exchangeOrderId, quantity, executed, updatedAt, trades, placedAt, firstFillAt, ttlSeconds);
        }
    }

    interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    /**
     * Reads and purges, run per reconciliation or per purge pass rather than per event, are planned per call:
     * their lookups by lists of keys would otherwise keep a plan made while the tables were nearly empty.
     */
    private void query(String sql, List<Object> params, RowHandler handler) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = PlannedPerCall.prepare(c, sql)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes up to {@code limit} final orders last changed before the cut-off, with their trades; an
     * open order is never deleted, whatever its age. Returns how many orders went.
     */
    public int purgeFinal(Instant changedBefore, int limit) {
        List<String> terminal = java.util.Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal).map(Enum::name).toList();
        return count("""
                WITH gone AS (
                    DELETE FROM tracked_order WHERE client_order_id IN (""" + FINAL_ORDERS_TO_PURGE + """
                    )
                    RETURNING client_order_id),
                trades AS (DELETE FROM seen_trade t USING gone g WHERE t.client_order_id = g.client_order_id)
                SELECT count(*) FROM gone""", terminal, Timestamp.from(changedBefore), limit);
    }

    /** Forgets up to {@code limit} event ids processed before the cut-off; returns how many went. */
    public int purgeProcessedEvents(Instant processedBefore, int limit) {
        return update("DELETE FROM processed_event WHERE event_id IN (" + PROCESSED_EVENTS_TO_PURGE + ")",
                Timestamp.from(processedBefore), limit);
    }

    // Each purge batch picks its rows through an index on their age: the tables hold the whole retention
    // period, and a batch that read them all would read them once per batch.
    static final String FINAL_ORDERS_TO_PURGE =
            "SELECT client_order_id FROM tracked_order WHERE status = ANY(?) AND updated_at < ? ORDER BY updated_at LIMIT ?";
    static final String PROCESSED_EVENTS_TO_PURGE =
            "SELECT event_id FROM processed_event WHERE processed_at < ? ORDER BY processed_at LIMIT ?";

    private int count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = PlannedPerCall.prepare(c, sql)) {
            bind(c, ps, List.of(params));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("purge failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, List.of(params));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + e.getMessage(), e);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Collection<?> values) {
                ps.setArray(i + 1, c.createArrayOf("varchar", values.toArray()));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }
}
