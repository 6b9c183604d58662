package dev.orderflow.guards.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Book snapshots per symbol, each kept for a time-to-live. A lookup that finds a snapshot younger
 * than the TTL is a hit. On a miss, one caller (the first) fetches from the {@link BookSource} on
 * its own thread while every concurrent miss for the same symbol waits for that same fetch
 * (single flight), for at most the wait timeout.
 *
 * <p>Book time: REST depth snapshots carry an update id but usually no timestamp. When a fetch
 * returns the same update id as the snapshot before it, the book has not changed, so the new
 * snapshot keeps the older time. A frozen book therefore ages even though it is fetched again and
 * again, and the stale-book guard catches it.
 *
 * <p>A failed fetch is not cached: the callers waiting for it get the failure, the next miss tries
 * again. Pure Java; the service wires it to the exchange client, metrics and events.
 */
public final class BookCache {

    /** Told about every lookup and every fetch; must be cheap and must not throw. */
    public interface Listener {
        void lookup(String symbol, boolean hit, long ageMs);

        void fetched(String symbol, boolean ok, long nanos, String error);

        Listener NONE = new Listener() {
            @Override
            public void lookup(String symbol, boolean hit, long ageMs) {
            }

            @Override
            public void fetched(String symbol, boolean ok, long nanos, String error) {
            }
        };
    }

    /** The answer to one lookup. */
    public record Lookup(OrderBook book, boolean hit, long ageMs) {
    }

    private record Snapshot(OrderBook book, long fetchedAtMillis) {
    }

    private static final class Entry {
        volatile Snapshot snapshot;
        final AtomicReference<CompletableFuture<Snapshot>> inFlight = new AtomicReference<>();
    }

    private final BookSource source;
    private final long ttlMillis;
    private final long waitMillis;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public BookCache(BookSource source, Duration ttl, Duration waitTimeout, Clock clock, Listener listener) {
        this.source = Objects.requireNonNull(source);
        this.ttlMillis = ttl.toMillis();
        this.waitMillis = waitTimeout.toMillis();
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * A fresh book for the symbol, from the cache or from one fetch shared with concurrent callers.
     *
     * @throws MarketDataUnavailableException when the fetch fails or takes longer than the wait timeout
     */
    public Lookup get(String symbol) {
        Entry entry = entries.computeIfAbsent(symbol, s -> new Entry());
        Snapshot cached = entry.snapshot;
        long now = clock.millis();
        if (fresh(cached, now)) {
            long age = now - cached.fetchedAtMillis();
            listener.lookup(symbol, true, age);
            return new Lookup(cached.book(), true, age);
        }
        listener.lookup(symbol, false, cached == null ? 0 : now - cached.fetchedAtMillis());
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> flight = entry.inFlight.compareAndExchange(null, mine);
        if (flight == null) {
            lead(symbol, entry, mine);
            flight = mine;
        }
        Snapshot result = await(symbol, flight);
        return new Lookup(result.book(), false, Math.max(0, clock.millis() - result.fetchedAtMillis()));
    }

    /** Runs the fetch for everyone waiting on {@code flight}. */
    private void lead(String symbol, Entry entry, CompletableFuture<Snapshot> flight) {
        try {
            Snapshot previous = entry.snapshot;
            if (fresh(previous, clock.millis())) {
                flight.complete(previous); // another leader finished between our look and our claim
                return;
            }
            long start = System.nanoTime();
            OrderBook book;
            try {
                book = source.fetch(symbol);
            } catch (RuntimeException e) {
                listener.fetched(symbol, false, System.nanoTime() - start, e.getMessage());
                throw e;
            }
            listener.fetched(symbol, true, System.nanoTime() - start, null);
            if (previous != null && previous.book().lastUpdateId() == book.lastUpdateId()
                    && previous.book().time().isBefore(book.time())) {
                book = book.withTime(previous.book().time()); // unchanged since then
            }
            Snapshot snapshot = new Snapshot(book, clock.millis());
            entry.snapshot = snapshot;
            flight.complete(snapshot);
        } catch (Throwable e) {
            flight.completeExceptionally(e);
            if (entry.snapshot == null) {
                entries.remove(symbol, entry); // do not keep entries for symbols that never had a book
            }
        } finally {
            entry.inFlight.compareAndSet(flight, null);
        }
    }

    private Snapshot await(String symbol, CompletableFuture<Snapshot> flight) {
        try {
            return flight.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new MarketDataUnavailableException("no book for " + symbol + " within " + waitMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MarketDataUnavailableException unavailable) {
                throw unavailable;
            }
            throw new MarketDataUnavailableException("book fetch for " + symbol + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketDataUnavailableException("interrupted waiting for the book of " + symbol);
        } catch (CancellationException e) {
            throw new MarketDataUnavailableException("book fetch for " + symbol + " was cancelled");
        }
    }

    private boolean fresh(Snapshot snapshot, long now) {
        return snapshot != null && now - snapshot.fetchedAtMillis() < ttlMillis;
    }

    /** Symbols with a snapshot, and the time each was last fetched. */
    public Map<String, Instant> fetchTimes() {
        Map<String, Instant> times = new java.util.TreeMap<>();
        entries.forEach((symbol, entry) -> {
            Snapshot snapshot = entry.snapshot;
            if (snapshot != null) {
                times.put(symbol, Instant.ofEpochMilli(snapshot.fetchedAtMillis()));
            }
        });
        return times;
    }

    /** Drops every snapshot (operators after a venue incident, tests between cases). */
    public void clear() {
        entries.clear();
    }

    public Duration ttl() {
        return Duration.ofMillis(ttlMillis);
    }
}
