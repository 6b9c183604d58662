package dev.orderflow.gateway.persistence;

import dev.orderflow.gateway.config.GatewayConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One in-flight submission per symbol across every gateway replica: a lease row per symbol with an
 * expiry and a fencing token that grows with every acquisition. A holder that dies loses the lease
 * when it expires; a holder whose lease was taken over fails the fencing check and does not submit.
 * A caller holds one symbol at a time and waits a bounded time, so no deadlock is possible.
 *
 * <p>A submission takes the lease in the transaction that moves its order to SUBMITTING
 * ({@link #acquireAndRun}): the row stays locked until that commit, so no other holder can come
 * between the lease and the transition, and the fencing check costs no statement of its own.
 *
 * <p>The lease row is held by this instance; its workers take turns on an in-process lock. A worker
 * that finishes while another worker of this instance waits for the symbol hands the lease on
 * without giving the row back (the next acquisition still takes a new fencing token), for at most
 * half a lease period, so other replicas are not starved.
 *
 * <p>A row given back is written back by a thread of its own: the submission that held it goes on to
 * record the exchange's answer at once instead of waiting for that commit. The write is skipped when a
 * worker of this instance has taken the symbol again meanwhile (its own turn gives the row back).
 */
@ApplicationScoped
public class SymbolLocks {

    /** A held lease: its fencing token, and when it was taken (monotonic clock). */
    public record Lease(String symbol, String holder, long token, long acquiredNanos) {
    }

    /** A lease and what the work done in the transaction that took it returned. */
    public record Leased<T>(Lease lease, T result) {
    }

    private final AgroalDataSource dataSource;
    private final GatewayConfig config;
    private final String holder = UUID.randomUUID().toString();
    private final Map<String, Semaphore> localLocks = new ConcurrentHashMap<>();
    /** Since when this instance holds each symbol's lease row without having given it back. */
    private final Map<String, Long> rowHeldSince = new ConcurrentHashMap<>();
    /** The fencing token of each symbol's latest lease taken by this instance. */
    private final Map<String, Long> latestToken = new ConcurrentHashMap<>();
    private final ExecutorService releases = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("symbol-lease-release").daemon().unstarted(r));
    private final Timer waitTimer;

    public SymbolLocks(AgroalDataSource dataSource, GatewayConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.waitTimer = Timer.builder("orderflow_symbol_lock_wait_seconds")
                .description("Time spent waiting for a symbol lock").publishPercentileHistogram().register(registry);
    }

    /**
     * Acquires the symbol's lease, waiting at most {@code gateway.locks.max-wait}; empty when it could not.
     * Workers of this instance queue on an in-process lock first (first come, first served, woken the
     * moment the symbol is released), so only other replicas are waited for by polling the lease row.
     */
    public Optional<Lease> acquire(String symbol) {
        return acquireAndRun(symbol, lease -> null).map(Leased::lease);
    }

    /**
     * Acquires the symbol's lease like {@link #acquire} and runs {@code work} in the transaction that
     * takes the row, so both commit together; empty when the lease could not be had in time (then the
     * work did not run). Work that throws rolls the lease back with it and gives the symbol back.
     */
    public <T> Optional<Leased<T>> acquireAndRun(String symbol, Function<Lease, T> work) {
        long started = System.nanoTime();
        try {
            return acquire(symbol, started + config.locks().maxWait().toNanos(), work);
        } finally {
            waitTimer.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private <T> Optional<Leased<T>> acquire(String symbol, long deadline, Function<Lease, T> work) {
        Semaphore local = localLocks.computeIfAbsent(symbol, s -> new Semaphore(1, true));
        try {
            if (!local.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        boolean leased = false;
        try {
            long pause = 5;
            while (true) {
                long attempted = System.nanoTime();
                Optional<Leased<T>> taken = QuarkusTransaction.requiringNew().call(() -> tryAcquire(symbol, config.locks().lease())
                        .map(token -> {
                            Lease lease = new Lease(symbol, holder, token, attempted);
                            return new Leased<>(lease, work.apply(lease));
                        }));
                if (taken.isPresent()) {
                    leased = true;
                    latestToken.put(symbol, taken.get().lease().token());
                    rowHeldSince.putIfAbsent(symbol, attempted);
                    return taken;
                }
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                Thread.sleep(pause); // another replica holds the symbol
                pause = Math.min(pause * 2, 50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (!leased) {
                // the row may still be this instance's from a hand-on: give it back rather than let it run out
                Long token = latestToken.get(symbol);
                if (rowHeldSince.remove(symbol) != null && token != null) {
                    try {
                        writeBack(symbol, token);
                    } catch (RuntimeException e) {
                        // the lease runs out on its own
                    }
                }
                local.release();
            }
        }
    }

    /**
     * In the caller's transaction, takes the row when it is free, expired, or already this instance's
     * (then only one local worker asks); the row stays locked until the caller commits.
     */
    private Optional<Long> tryAcquire(String symbol, Duration lease) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO symbol_lease (symbol, holder, token, expires_at) VALUES (?, ?, 1, clock_timestamp() + ?::interval) "
                        + "ON CONFLICT (symbol) DO UPDATE SET holder = excluded.holder, token = symbol_lease.token + 1, "
                        + "expires_at = excluded.expires_at "
                        + "WHERE symbol_lease.expires_at < clock_timestamp() OR symbol_lease.holder = excluded.holder RETURNING token")) {
            ps.setString(1, symbol);
            ps.setString(2, holder);
            ps.setString(3, lease.toMillis() + " milliseconds");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("acquire symbol lock " + symbol, e);
        }
    }

    /**
     * Asked right before a request leaves for the exchange: true while the lease is certainly still
     * ours. Within half a lease period of its acquisition nobody can have taken it (it expires a full
     * period after); later, it is renewed, and false when it expired or was taken over meanwhile. So a
     * rate-limit wait longer than the lease can never put two submissions of one symbol in flight.
     */
    public boolean confirm(Lease lease) {
        if (System.nanoTime() - lease.acquiredNanos() < config.locks().lease().toNanos() / 2) {
            return true;
        }
        return renew(lease);
    }

    /**
     * Extends a lease that is still this holder's by a full lease period; false when it expired or was
     * taken over.
     */
    public boolean renew(Lease lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE symbol_lease SET expires_at = clock_timestamp() + ?::interval "
                            + "WHERE symbol = ? AND holder = ? AND token = ? AND expires_at > clock_timestamp()")) {
                ps.setString(1, config.locks().lease().toMillis() + " milliseconds");
                ps.setString(2, lease.symbol());
                ps.setString(3, lease.holder());
                ps.setLong(4, lease.token());
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new DataAccessException("renew symbol lock " + lease.symbol(), e);
            }
        });
    }

    /**
     * Gives the symbol back: to this instance's next waiting worker, keeping the row, while the row
     * has been held for less than half a lease period; otherwise the row first (written back by the
     * release thread), then the next worker.
     */
    public void release(Lease lease) {
        Semaphore local = localLocks.get(lease.symbol());
        try {
            Long since = rowHeldSince.get(lease.symbol());
            boolean handOn = local != null && local.hasQueuedThreads() && since != null
                    && System.nanoTime() - since < config.locks().lease().toNanos() / 2;
            if (!handOn) {
                rowHeldSince.remove(lease.symbol());
                giveBack(lease);
            }
        } finally {
            if (local != null) {
                local.release();
            }
        }
    }

    private void giveBack(Lease lease) {
        Runnable write = () -> {
            if (latestToken.getOrDefault(lease.symbol(), lease.token()) == lease.token()) {
                writeBack(lease.symbol(), lease.token());
            }
        };
        try {
            releases.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    // the lease runs out on its own
                }
            });
        } catch (RejectedExecutionException e) {
            write.run(); // shutting down
        }
    }

    /** Writes back the rows given back so far, so other replicas need not wait for them to expire. */
    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        releases.shutdown();
        releases.awaitTermination(2, TimeUnit.SECONDS);
    }

    /**
     * Frees the row unless a newer lease (another holder's, or a later one of this instance) has taken it.
     * The commit does not wait for the disk: lost in a crash, the write leaves the row to expire, as the
     * crash of a holder does; waited for, it would keep the next acquisition waiting on the row for a
     * flush (up to tens of milliseconds when the disk stalls).
     */
    private void writeBack(String symbol, long token) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE symbol_lease SET holder = NULL, expires_at = clock_timestamp() WHERE symbol = ? AND holder = ? AND token = ?")) {
                try (var noFlush = c.createStatement()) {
                    noFlush.execute("SET LOCAL synchronous_commit TO OFF");
                }
                ps.setString(1, symbol);
                ps.setString(2, holder);
                ps.setLong(3, token);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new DataAccessException("release symbol lock " + symbol, e);
            }
        });
    }
}
