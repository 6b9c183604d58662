package dev.orderflow.gateway.persistence;

import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.SlippageReference;
import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.gateway.domain.OrderState;
import dev.orderflow.gateway.domain.SlippageBasis;
import dev.orderflow.platform.persistence.ArrayColumns;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders and their transition history, in plain SQL. Callers hold the transaction; every method
 * takes the connection enlisted in it.
 */
@ApplicationScoped
public class OrderRepository {

    static final String COLUMNS = "id, client_order_id, symbol, side, order_type, time_in_force, intent, quantity, price, "
            + "reference_price, ttl_seconds, strategy_id, request_hash, status, status_cause, exchange_order_id, "
            + "executed_quantity, average_price, first_fill_at, resubmissions, " + Replays.COUNT + " AS replay_count, "
            + "unknown_checks, next_check_at, accepted_at, updated_at, terminal_at, measured_reference, measured_reference_source";

    private final AgroalDataSource dataSource;

    public OrderRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An order to insert as it was accepted, with what its request said beyond its state. */
    public record NewOrder(OrderState state, TimeInForce timeInForce, Integer ttlSeconds, String requestHash, String cause) {
    }

    /** A transition to record. */
    public record NewTransition(long orderId, String clientOrderId, OrderStatus from, OrderStatus to, String cause, Instant at) {
    }

    /** Inserts the order unless its client order id exists; the new row as stored, or empty for a known COID. */
    public Optional<StoredOrder> insertIfAbsent(OrderState order, TimeInForce timeInForce, Integer ttlSeconds, String requestHash,
            String cause) {
        return Optional.ofNullable(insertAllIfAbsent(List.of(new NewOrder(order, timeInForce, ttlSeconds, requestHash, cause)))
                .get(order.clientOrderId()));
    }

    /**
     * Inserts, in one statement, the orders whose client order ids are not known yet; the new rows as
     * stored by client order id (a known id, or one given twice after its first, is absent).
     */
    public Map<String, StoredOrder> insertAllIfAbsent(List<NewOrder> orders) {
        String sql = "INSERT INTO orders (client_order_id, symbol, side, order_type, time_in_force, intent, quantity, price, "
                + "reference_price, ttl_seconds, strategy_id, request_hash, status, status_cause, accepted_at, updated_at) "
                + "SELECT coid, symbol, side, order_type, tif, intent, quantity::numeric, price::numeric, reference_price::numeric, "
                + "ttl::integer, strategy_id, request_hash, status, cause, accepted_at::timestamptz, accepted_at::timestamptz "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u(coid, symbol, side, order_type, tif, "
                + "intent, quantity, price, reference_price, ttl, strategy_id, request_hash, status, cause, accepted_at) "
                + "ON CONFLICT (client_order_id) DO NOTHING RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ArrayColumns columns = new ArrayColumns(c, ps);
            columns.text(orders, o -> o.state().clientOrderId());
            columns.text(orders, o -> o.state().symbol());
            columns.text(orders, o -> o.state().side().name());
            columns.text(orders, o -> o.state().type().name());
            columns.text(orders, o -> o.timeInForce() == null ? null : o.timeInForce().name());
            columns.text(orders, o -> o.state().intent().name());
            columns.text(orders, o -> plain(o.state().quantity()));
            columns.text(orders, o -> plain(o.state().price()));
            columns.text(orders, o -> plain(o.state().referencePrice()));
            columns.text(orders, o -> o.ttlSeconds() == null ? null : o.ttlSeconds().toString());
            columns.text(orders, o -> o.state().strategyId());
            columns.text(orders, NewOrder::requestHash);
            columns.text(orders, o -> o.state().status().name());
            columns.text(orders, NewOrder::cause);
            columns.text(orders, o -> o.state().acceptedAt().toString());
            Map<String, StoredOrder> inserted = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredOrder order = map(rs);
                    inserted.put(order.clientOrderId(), order);
                }
            }
            return inserted;
        } catch (SQLException e) {
            throw new DataAccessException("insert order " + DataAccessException.rows(orders, o -> o.state().clientOrderId()), e);
        }
    }

    /** The known orders among these client order ids, by client order id. */
    public Map<String, StoredOrder> findAll(Collection<String> clientOrderIds) {
        Map<String, StoredOrder> found = new LinkedHashMap<>();
        for (StoredOrder order : query("SELECT " + COLUMNS + " FROM orders WHERE client_order_id = ANY(?)",
                List.of(List.copyOf(new java.util.LinkedHashSet<>(clientOrderIds))))) {
            found.put(order.clientOrderId(), order);
        }
        return found;
    }

    public Optional<StoredOrder> find(String clientOrderId) {
        return findOne("SELECT " + COLUMNS + " FROM orders WHERE client_order_id = ?", clientOrderId);
    }

    /** Reads and row-locks the order until the transaction ends: transitions of one order are serialised. */
    public Optional<StoredOrder> findForUpdate(String clientOrderId) {
        return findOne("SELECT " + COLUMNS + " FROM orders WHERE client_order_id = ? FOR UPDATE", clientOrderId);
    }

    private Optional<StoredOrder> findOne(String sql, String clientOrderId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, clientOrderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("read order " + clientOrderId, e);
        }
    }

    /**
     * Records a replay for each entry (a client order id given twice is replayed twice), in one statement and
     * taking no lock on the orders' rows; each order's replays counted so far, these included.
     */
    public Map<String, Long> recordReplays(List<String> clientOrderIds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(Replays.RECORD_ALL)) {
            ps.setArray(1, c.createArrayOf("varchar", clientOrderIds.toArray()));
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new DataAccessException("record replays of " + clientOrderIds.size() + " orders", e);
        }
    }

    /** The statements of the append-only replay count ({@code order_replay}). */
    static final class Replays {
        /** An order's replays, in a statement reading {@code orders}. */
        static final String COUNT = "(SELECT count(*) FROM order_replay r WHERE r.client_order_id = orders.client_order_id)";
        /** Several replays; the counts, the recorded rows included, by client order id. */
        static final String RECORD_ALL = "WITH recorded AS (INSERT INTO order_replay (client_order_id) SELECT unnest(?::varchar[]) "
                + "RETURNING client_order_id), ids AS (SELECT client_order_id, count(*) AS n FROM recorded GROUP BY client_order_id) "
                + "SELECT ids.client_order_id, ids.n + (SELECT count(*) FROM order_replay r WHERE r.client_order_id = ids.client_order_id) "
                + "FROM ids";

        private Replays() {
        }
    }

    /** Stores the order's state after a transition (or several); the row as it is now. */
    public StoredOrder update(long id, OrderState state, String cause, Instant updatedAt, Instant terminalAt) {
        String sql = "UPDATE orders SET status = ?, status_cause = ?, exchange_order_id = ?, executed_quantity = ?, "
                + "average_price = ?, first_fill_at = ?, resubmissions = ?, updated_at = ?, terminal_at = ? WHERE id = ? RETURNING "
                + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, state.status().name());
            ps.setString(2, cause);
            ps.setString(3, state.exchangeOrderId());
            ps.setBigDecimal(4, state.executedQuantity());
            ps.setBigDecimal(5, state.averagePrice());
            ps.setTimestamp(6, state.firstFillAt() == null ? null : Timestamp.from(state.firstFillAt()));
            ps.setInt(7, state.resubmissions());
            ps.setTimestamp(8, Timestamp.from(updatedAt));
            ps.setTimestamp(9, terminalAt == null ? null : Timestamp.from(terminalAt));
            ps.setLong(10, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("order " + state.clientOrderId() + " vanished while its row was locked");
                }
                return map(rs);
            }
        } catch (SQLException e) {
            throw new DataAccessException("update order " + state.clientOrderId(), e);
        }
    }

    public void insertTransition(long orderId, String clientOrderId, OrderStatus from, OrderStatus to, String cause, Instant at) {
        insertTransitions(List.of(new NewTransition(orderId, clientOrderId, from, to, cause, at)));
    }

    /** Records transitions in one statement, in the order given. */
    public void insertTransitions(List<NewTransition> transitions) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO order_transition (order_id, client_order_id, from_status, to_status, cause, at) "
                        + "SELECT order_id, coid, from_status, to_status, cause, at::timestamptz "
                        + "FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                        + "AS u(order_id, coid, from_status, to_status, cause, at)")) {
            ArrayColumns columns = new ArrayColumns(c, ps);
            columns.bigint(transitions, NewTransition::orderId);
            columns.text(transitions, NewTransition::clientOrderId);
            columns.text(transitions, t -> t.from() == null ? null : t.from().name());
            columns.text(transitions, t -> t.to().name());
            columns.text(transitions, NewTransition::cause);
            columns.text(transitions, t -> t.at().toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("record transition of " + DataAccessException.rows(transitions, NewTransition::clientOrderId), e);
        }
    }

    /** Sets when an order whose outcome is unknown is queried next. */
    public void scheduleCheck(long id, int checks, Instant next) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE orders SET unknown_checks = ?, next_check_at = ? WHERE id = ?")) {
            ps.setInt(1, checks);
            ps.setTimestamp(2, next == null ? null : Timestamp.from(next));
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("schedule check", e);
        }
    }

    /** A page of orders, newest first, after the cursor (an order id). */
    public List<StoredOrder> list(String symbol, OrderStatus status, Instant since, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM orders WHERE true");
        List<Object> args = new ArrayList<>();
        if (symbol != null) {
            sql.append(" AND symbol = ?");
            args.add(symbol);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        if (since != null) {
            sql.append(" AND accepted_at >= ?");
            args.add(Timestamp.from(since));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return query(sql.toString(), args);
    }

    /** Orders in a status that were last updated before the given time, oldest first. */
    public List<StoredOrder> findStale(OrderStatus status, Instant updatedBefore, int limit) {
        return query("SELECT " + COLUMNS + " FROM orders WHERE terminal_at IS NULL AND status = ? AND updated_at < ? "
                + "ORDER BY updated_at LIMIT ?", List.of(status.name(), Timestamp.from(updatedBefore), limit));
    }

    /** UNKNOWN orders whose next status query is due. */
    public List<StoredOrder> findDueChecks(Instant now, int limit) {
        return query("SELECT " + COLUMNS + " FROM orders WHERE terminal_at IS NULL AND status = ? "
                + "AND (next_check_at IS NULL OR next_check_at <= ?) ORDER BY next_check_at NULLS FIRST LIMIT ?",
                List.of(OrderStatus.UNKNOWN.name(), Timestamp.from(now), limit));
    }

    /**
     * Open orders with a {@code ttlSeconds} of their own that ran out by {@code now}: counted from acceptance,
     * or from the first fill when {@code fromFirstFill} and the order has one. Only orders that can be
     * canceled now: not yet sent, or open at the exchange (SUBMITTING and UNKNOWN wait for their outcome).
     */
    public List<StoredOrder> findTtlExpired(Instant now, boolean fromFirstFill, int limit) {
        return query("SELECT " + COLUMNS + " FROM orders WHERE ttl_seconds IS NOT NULL AND terminal_at IS NULL "
                + "AND status = ANY(?) "
                + "AND CASE WHEN ? AND first_fill_at IS NOT NULL THEN first_fill_at ELSE accepted_at END "
                + "+ make_interval(secs => ttl_seconds) <= ? ORDER BY accepted_at LIMIT ?",
                List.of(OrderStatus.names(OrderStatus.CANCELABLE_NOW), fromFirstFill, Timestamp.from(now), limit));
    }

    /** Open orders at the exchange, for execution polling. */
    public List<StoredOrder> findOpenAtExchange(int limit) {
        return query("SELECT " + COLUMNS + " FROM orders WHERE terminal_at IS NULL AND status = ANY(?) "
                + "ORDER BY updated_at LIMIT ?", List.of(OrderStatus.names(OrderStatus.OPEN_AT_EXCHANGE), limit));
    }

    /** An open exit and the quantity it still has to sell. */
    public record OpenExit(String clientOrderId, BigDecimal remaining) {
    }

    /** Open exit orders (sells) of a symbol with what each still has to sell, oldest first, excluding one order. */
    public List<OpenExit> openExits(String symbol, String exceptClientOrderId) {
        List<OpenExit> exits = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT client_order_id, quantity - executed_quantity FROM orders WHERE symbol = ? AND side = 'SELL' "
                        + "AND intent = 'EXIT' AND terminal_at IS NULL AND client_order_id <> ? ORDER BY accepted_at")) {
            ps.setString(1, symbol);
            ps.setString(2, exceptClientOrderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    exits.add(new OpenExit(rs.getString(1), rs.getBigDecimal(2)));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("open exits of " + symbol, e);
        }
        return exits;
    }

    /** Deletes up to {@code limit} terminal orders older than the cut-off; non-terminal orders are never touched. */
    public int purgeTerminal(Instant terminalBefore, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "WITH purged AS (DELETE FROM orders WHERE id IN (SELECT id FROM orders WHERE terminal_at IS NOT NULL "
                        + "AND terminal_at < ? AND status = ANY(?) "
                        + "ORDER BY terminal_at LIMIT ?) RETURNING client_order_id), "
                        + "replays AS (DELETE FROM order_replay WHERE client_order_id IN (SELECT client_order_id FROM purged)) "
                        + "SELECT count(*) FROM purged")) {
            ps.setTimestamp(1, Timestamp.from(terminalBefore));
            ps.setArray(2, statuses(c, OrderStatus.TERMINAL));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("purge orders", e);
        }
    }

    /** Entries waiting for a guard decision, in every instance, and since when the oldest has waited. */
    public record WaitingForGuards(int entries, Instant oldestSince) {
    }

    public WaitingForGuards waitingForGuards() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), min(updated_at) AS oldest FROM orders WHERE terminal_at IS NULL AND status = ?")) {
            ps.setString(1, OrderStatus.PENDING_GUARDS.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new WaitingForGuards(rs.getInt(1), instant(rs, "oldest"));
            }
        } catch (SQLException e) {
            throw new DataAccessException("count entries waiting for guards", e);
        }
    }

    public boolean hasGuardDecision(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT guard_outcome IS NOT NULL FROM orders WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("read guard decision", e);
        }
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DataAccessException("count orders", e);
        }
    }

    /** A named set of statuses as a query parameter ({@code status = ANY(?)}). */
    static Array statuses(Connection c, Set<OrderStatus> statuses) throws SQLException {
        return c.createArrayOf("varchar", OrderStatus.names(statuses).toArray());
    }

    private List<StoredOrder> query(String sql, List<Object> args) {
        List<StoredOrder> orders = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Collection<?> values) {
                    ps.setArray(i + 1, c.createArrayOf("varchar", values.toArray()));
                } else {
                    ps.setObject(i + 1, args.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(map(rs));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("list orders", e);
        }
        return orders;
    }

    static StoredOrder map(ResultSet rs) throws SQLException {
        String tif = rs.getString("time_in_force");
        int ttl = rs.getInt("ttl_seconds");
        Integer ttlSeconds = rs.wasNull() ? null : ttl;
        OrderState state = new OrderState(rs.getString("client_order_id"), rs.getString("symbol"),
                Side.valueOf(rs.getString("side")), OrderType.valueOf(rs.getString("order_type")),
                Intent.valueOf(rs.getString("intent")), rs.getString("strategy_id"), strip(rs.getBigDecimal("quantity")),
                strip(rs.getBigDecimal("price")), strip(rs.getBigDecimal("reference_price")),
                OrderStatus.valueOf(rs.getString("status")), rs.getString("exchange_order_id"),
                strip(rs.getBigDecimal("executed_quantity")), strip(rs.getBigDecimal("average_price")),
                instant(rs, "first_fill_at"), rs.getInt("resubmissions"), instant(rs, "accepted_at"), measuredReference(rs));
        return new StoredOrder(rs.getLong("id"), state, tif == null ? null : TimeInForce.valueOf(tif), ttlSeconds,
                rs.getString("request_hash"), rs.getString("status_cause"), rs.getLong("replay_count"),
                rs.getInt("unknown_checks"), instant(rs, "next_check_at"), instant(rs, "updated_at"),
                instant(rs, "terminal_at"));
    }

    private static SlippageBasis measuredReference(ResultSet rs) throws SQLException {
        BigDecimal price = rs.getBigDecimal("measured_reference");
        String source = rs.getString("measured_reference_source");
        return price == null || source == null ? null : new SlippageBasis(strip(price), SlippageReference.valueOf(source));
    }

    /**
     * Stores the price an entry's slippage will be measured against when the strategy sent none; a
     * reference already stored is kept (the guards' expectation wins over a later touch).
     */
    public void recordMeasuredReference(long orderId, SlippageBasis basis) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE orders SET "
                + "measured_reference = ?, measured_reference_source = ? WHERE id = ? AND measured_reference IS NULL")) {
            ps.setBigDecimal(1, basis.price());
            ps.setString(2, basis.source().name());
            ps.setLong(3, orderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("record measured reference of order " + orderId, e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    static BigDecimal strip(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
