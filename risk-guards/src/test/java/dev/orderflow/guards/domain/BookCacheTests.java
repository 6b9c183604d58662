package dev.orderflow.guards.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache's TTL, single flight and failure handling with a plain Java fake source. */
class BookCacheTests {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicLong updateId = new AtomicLong(1);
    final List<String> lookups = java.util.Collections.synchronizedList(new ArrayList<>());
    final ExecutorService pool = Executors.newFixedThreadPool(50);

    final BookCache.Listener recording = new BookCache.Listener() {
        @Override
        public void lookup(String symbol, boolean hit, long ageMs) {
            lookups.add(hit ? "hit" : "miss");
        }

        @Override
        public void fetched(String symbol, boolean ok, long nanos, String error) {
        }
    };

    OrderBook fetchBook(String symbol) {
        fetches.incrementAndGet();
        return new OrderBook(symbol, List.of(BookLevel.of("99", "1")), List.of(BookLevel.of("101", "1")), clock.instant(), updateId.get());
    }

    BookCache cache(BookSource source) {
        return new BookCache(source, Duration.ofMillis(500), Duration.ofSeconds(2), clock, recording);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void hitWithinTtlMissAfter() {
        BookCache cache = cache(this::fetchBook);

        BookCache.Lookup first = cache.get("BTCUSDT");
        clock.advance(Duration.ofMillis(499));
        BookCache.Lookup second = cache.get("BTCUSDT");
        clock.advance(Duration.ofMillis(1));
        BookCache.Lookup third = cache.get("BTCUSDT");

        assertThat(first.hit()).isFalse();
        assertThat(second.hit()).isTrue();
        assertThat(second.ageMs()).isEqualTo(499);
        assertThat(third.hit()).isFalse();
        assertThat(fetches).hasValue(2);
        assertThat(lookups).containsExactly("miss", "hit", "miss");
    }

    @Test
    void symbolsAreCachedSeparately() {
        BookCache cache = cache(this::fetchBook);

        cache.get("BTCUSDT");
        cache.get("ETHUSDT");
        cache.get("BTCUSDT");

        assertThat(fetches).hasValue(2);
        assertThat(cache.fetchTimes()).containsOnlyKeys("BTCUSDT", "ETHUSDT");
    }

    @Test
    void fiftyConcurrentMissesShareOneFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BookCache cache = cache(symbol -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fetchBook(symbol);
        });
        CyclicBarrier start = new CyclicBarrier(50);
        List<Future<BookCache.Lookup>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return cache.get("BTCUSDT");
            }));
        }
        while (lookups.size() < 50) {
            Thread.sleep(5);
        }
        release.countDown();

        List<OrderBook> books = new ArrayList<>();
        for (Future<BookCache.Lookup> result : results) {
            books.add(result.get(5, TimeUnit.SECONDS).book());
        }
        assertThat(fetches).hasValue(1);
        assertThat(books).allMatch(b -> b == books.getFirst());
        assertThat(lookups).hasSize(50).containsOnly("miss");
    }

    @Test
    void failureReachesEveryWaiterAndIsNotCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        BookCache cache = cache(symbol -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new MarketDataUnavailableException("exchange answered HTTP 503");
            }
            return fetchBook(symbol);
        });
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiters.add(pool.submit(() -> cache.get("BTCUSDT")));
        }
        while (lookups.size() < 5) {
            Thread.sleep(5);
        }
        release.countDown();

        for (Future<?> waiter : waiters) {
            assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MarketDataUnavailableException.class)
                    .hasMessageContaining("HTTP 503");
        }
        assertThat(calls).hasValue(1);
        assertThat(cache.get("BTCUSDT").book()).isNotNull();
        assertThat(calls).hasValue(2);
    }

    @Test
    void waitersGiveUpAfterTheWaitTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BookCache cache = new BookCache(symbol -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fetchBook(symbol);
        }, Duration.ofMillis(500), Duration.ofMillis(100), clock, recording);
        Future<BookCache.Lookup> leader = pool.submit(() -> cache.get("BTCUSDT"));
        while (lookups.isEmpty()) {
            Thread.sleep(5);
        }

        assertThatThrownBy(() -> cache.get("BTCUSDT"))
                .isInstanceOf(MarketDataUnavailableException.class)
                .hasMessage("no book for BTCUSDT within 100 ms");
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS).hit()).isFalse();
    }

    @Test
    void unchangedUpdateIdKeepsTheOlderBookTimeSoAFrozenBookAges() {
        BookCache cache = cache(this::fetchBook);

        Instant first = cache.get("BTCUSDT").book().time();
        clock.advance(Duration.ofSeconds(1));
        Instant frozen = cache.get("BTCUSDT").book().time();
        updateId.incrementAndGet();
        clock.advance(Duration.ofSeconds(1));
        Instant moved = cache.get("BTCUSDT").book().time();

        assertThat(first).isEqualTo(T0);
        assertThat(frozen).isEqualTo(T0);
        assertThat(moved).isEqualTo(T0.plusSeconds(2));
        assertThat(fetches).hasValue(3);
    }
}
