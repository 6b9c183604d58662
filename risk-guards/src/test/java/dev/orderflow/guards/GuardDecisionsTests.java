package dev.orderflow.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.CacheSample;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.guards.messaging.Intents;
import dev.orderflow.guards.messaging.TopicReader;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guards against the packaged paper exchange over real HTTP, with intents and decisions on the
 * real broker: each reason triggered by a real book or a real fault. The exchange lists extra
 * symbols so that each case has a book of its own: WIDEUSDT quotes a 60 bps spread, FROZUSDT gets
 * frozen, DOWNUSDT fails with 503, CONCUSDT answers slowly, HITUSDT shows the cache.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
public class GuardDecisionsTests {

    public static final String SYMBOLS = "BTCUSDT,ETHUSDT,SOLUSDT,WIDEUSDT,FROZUSDT,DOWNUSDT,CONCUSDT,HITUSDT";
    static final Duration WAIT = Duration.ofSeconds(30);

    @jakarta.inject.Inject
    dev.orderflow.guards.messaging.IntentConsumer consumer;

    @jakarta.inject.Inject
    MarketData marketData;

    Intents intents;
    TopicReader decisions;

    @BeforeEach
    void connect() {
        intents = new Intents();
        decisions = new TopicReader(Topics.ORDER_DECISIONS);
    }

    @AfterEach
    void disconnect() {
        intents.close();
        decisions.close();
    }

    GuardDecision decide(OrderIntent intent) {
        intents.send(intent);
        return await(intent.clientOrderId());
    }

    GuardDecision await(String coid) {
        return decisions.decision(coid, WAIT);
    }

    static GuardFinding finding(GuardDecision decision, GuardReason reason) {
        return decision.findings().stream().filter(f -> f.reason() == reason).findFirst()
                .orElseThrow(() -> new AssertionError("no " + reason + " in " + decision.findings()));
    }

    static List<GuardReason> failed(GuardDecision decision) {
        return decision.findings().stream().filter(f -> !f.passed()).map(GuardFinding::reason).toList();
    }

    @Test
    void smallEntryOnAHealthyBookIsAllowedWithEveryNumberBehindIt() {
        GuardDecision decision = decide(Intents.entry(Intents.coid("ok"), "BTCUSDT", Side.BUY, "0.001"));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.ALLOW);
        assertThat(decision.consolidated()).isTrue();
        assertThat(decision.findings()).extracting(GuardFinding::reason)
                .containsExactly(GuardReason.STALE_BOOK, GuardReason.SPREAD, GuardReason.DEPTH, GuardReason.SLIPPAGE);
        assertThat(decision.findings()).allMatch(GuardFinding::passed);
        assertThat(decision.bookTime()).isNotNull();
        GuardFinding spread = finding(decision, GuardReason.SPREAD);
        assertThat(spread.observed()).isBetween(new BigDecimal("0.5"), new BigDecimal("3")); // the paper quotes ~1 bp
        assertThat(spread.threshold()).isEqualByComparingTo("15");
        assertThat(finding(decision, GuardReason.SLIPPAGE).levelsUsed()).isEqualTo(1);
        assertThat(finding(decision, GuardReason.SLIPPAGE).detail()).contains("VWAP").contains("vs mid");
        // one level taken: the order is expected to fill at the paper exchange's best ask
        assertThat(decision.expectedPrice()).isNotNull().isPositive();
        assertThat(finding(decision, GuardReason.SLIPPAGE).detail())
                .contains("VWAP " + decision.expectedPrice().stripTrailingZeros().toPlainString());
    }

    @Test
    void orderLargerThanTheBookIsBlockedForDepthAndSlippage() {
        BigDecimal book = PaperAdmin.sideQuantity("BTCUSDT", "asks");
        String quantity = book.multiply(BigDecimal.TWO).setScale(5, RoundingMode.DOWN).toPlainString();

        GuardDecision decision = decide(Intents.entry(Intents.coid("huge"), "BTCUSDT", Side.BUY, quantity));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(failed(decision)).containsExactly(GuardReason.DEPTH, GuardReason.SLIPPAGE);
        assertThat(finding(decision, GuardReason.DEPTH).detail()).startsWith("book cannot fill the order");
        assertThat(finding(decision, GuardReason.SLIPPAGE).detail()).startsWith("book holds only");
    }

    @Test
    void orderTheBookCanFillButThatLeavesTooLittleDepthIsBlockedForDepthOnly() {
        // half of the side: the band (50 bps) holds the whole paper book, i.e. ~2x the order, below the required 3x;
        // walking half of a ~10 bps deep book costs well under 20 bps of slippage
        BigDecimal book = PaperAdmin.sideQuantity("BTCUSDT", "bids");
        String quantity = book.divide(BigDecimal.TWO, 5, RoundingMode.DOWN).toPlainString();

        GuardDecision decision = decide(Intents.entry(Intents.coid("thin"), "BTCUSDT", Side.SELL, quantity));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(failed(decision)).containsExactly(GuardReason.DEPTH);
        GuardFinding depth = finding(decision, GuardReason.DEPTH);
        assertThat(depth.observed()).isBetween(new BigDecimal("1.5"), new BigDecimal("2.5"));
        assertThat(depth.threshold()).isEqualByComparingTo("3");
        assertThat(depth.unit()).isEqualTo("x");
        assertThat(finding(decision, GuardReason.SLIPPAGE).passed()).isTrue();
    }

    @Test
    void entryFarWorseThanTheStrategysReferencePriceIsBlockedForSlippageOnly() {
        // the strategy expected to buy 0.3% below today's price: about 30 bps of slippage on a healthy book
        BigDecimal reference = PaperAdmin.price("BTCUSDT").multiply(new BigDecimal("0.997")).setScale(2, RoundingMode.DOWN);
        OrderIntent intent = new OrderIntent(Intents.coid("slip"), "BTCUSDT", Side.BUY, dev.orderflow.contracts.events.OrderType.MARKET,
                new BigDecimal("0.01"), null, null, dev.orderflow.contracts.events.Intent.ENTRY, reference, "test-strategy", null,
                java.time.Instant.now());

        GuardDecision decision = decide(intent);

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(failed(decision)).containsExactly(GuardReason.SLIPPAGE);
        GuardFinding slippage = finding(decision, GuardReason.SLIPPAGE);
        assertThat(slippage.observed()).isBetween(new BigDecimal("20"), new BigDecimal("45"));
        assertThat(slippage.threshold()).isEqualByComparingTo("20");
        assertThat(slippage.detail()).contains("vs reference price " + reference.toPlainString());
    }

    @Test
    void wideSpreadIsBlockedAndConsolidationReportsEveryFailingReason() {
        GuardDecision decision = decide(Intents.entry(Intents.coid("wide"), "WIDEUSDT", Side.BUY, "0.01"));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.BLOCK);
        // half of a 60 bps spread is 30 bps of slippage against mid: both fail, both are reported
        assertThat(failed(decision)).containsExactly(GuardReason.SPREAD, GuardReason.SLIPPAGE);
        assertThat(finding(decision, GuardReason.SPREAD).observed()).isBetween(new BigDecimal("55"), new BigDecimal("65"));
        assertThat(finding(decision, GuardReason.DEPTH).passed()).isTrue();
    }

    @Test
    void frozenBookBecomesStale() throws Exception {
        String fault = PaperAdmin.addFault("FROZEN_BOOK", "FROZUSDT", null);
        try {
            GuardDecision first = decide(Intents.entry(Intents.coid("frozen1"), "FROZUSDT", Side.BUY, "0.01"));
            assertThat(finding(first, GuardReason.STALE_BOOK).passed()).isTrue();

            Thread.sleep(3_200); // past guards.symbols.FROZUSDT.max-book-age-ms=2500; the cache (TTL 1.5 s) fetches again

            GuardDecision later = decide(Intents.entry(Intents.coid("frozen2"), "FROZUSDT", Side.BUY, "0.01"));
            assertThat(later.outcome()).isEqualTo(GuardOutcome.BLOCK);
            assertThat(failed(later)).containsExactly(GuardReason.STALE_BOOK);
            GuardFinding stale = finding(later, GuardReason.STALE_BOOK);
            assertThat(stale.observed()).isGreaterThan(new BigDecimal("2500"));
            assertThat(stale.threshold()).isEqualByComparingTo("2500");
            assertThat(stale.detail()).startsWith("book unchanged since");
            assertThat(later.bookTime()).isEqualTo(first.bookTime());
        } finally {
            PaperAdmin.removeFault(fault);
        }
    }

    @Test
    void exchangeErrorBlocksWithMarketDataUnavailableAndRecovers() {
        String fault = PaperAdmin.addFault("SERVER_ERROR", "DOWNUSDT", "{\"status\":503}");
        GuardDecision down;
        try {
            down = decide(Intents.entry(Intents.coid("down"), "DOWNUSDT", Side.BUY, "0.01"));
        } finally {
            PaperAdmin.removeFault(fault);
        }

        assertThat(down.outcome()).isEqualTo(GuardOutcome.BLOCK);
        assertThat(down.findings()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(GuardReason.MARKET_DATA_UNAVAILABLE);
            assertThat(f.detail()).startsWith("exchange answered HTTP 503");
        });
        assertThat(down.bookTime()).isNull();

        GuardDecision back = decide(Intents.entry(Intents.coid("back"), "DOWNUSDT", Side.BUY, "0.01"));
        assertThat(back.outcome()).isEqualTo(GuardOutcome.ALLOW); // failures are not cached
        assertThat(Metrics.value("orderflow_guard_book_fetches_total", "symbol=\"DOWNUSDT\"", "result=\"error\"")).isEqualTo(1.0);
    }

    @Test
    void readinessComesBackWithTheExchangeWithoutWaitingForAnEntry() {
        String fault = PaperAdmin.addFault("SERVER_ERROR", "DOWNUSDT", "{\"status\":503}");
        try {
            for (int i = 0; i < 20 && marketData.consecutiveFailures() < marketData.maxConsecutiveFailures(); i++) {
                decide(Intents.entry(Intents.coid("outage-" + i), "DOWNUSDT", Side.BUY, "0.01"));
            }
            assertThat(marketData.consecutiveFailures()).isGreaterThanOrEqualTo(marketData.maxConsecutiveFailures());
            RestAssured.get("/q/health/ready").then().statusCode(503);
        } finally {
            PaperAdmin.removeFault(fault);
        }

        // no entry comes after the outage (a strategy may wait for readiness): the guards ask the exchange themselves
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
        assertThat(marketData.consecutiveFailures()).isZero();
    }

    @Test
    void shadowModeComputesTheBlockAndLetsTheOrderThrough() {
        BigDecimal book = PaperAdmin.sideQuantity("ETHUSDT", "asks");
        String quantity = book.multiply(BigDecimal.TWO).setScale(4, RoundingMode.DOWN).toPlainString();

        GuardDecision decision = decide(Intents.entry(Intents.coid("shadow"), "ETHUSDT", Side.BUY, quantity));

        assertThat(decision.outcome()).isEqualTo(GuardOutcome.SHADOW_BLOCK);
        assertThat(decision.shadowMode()).isTrue();
        assertThat(failed(decision)).containsExactly(GuardReason.DEPTH, GuardReason.SLIPPAGE);
        assertThat(decide(Intents.entry(Intents.coid("shadow-ok"), "ETHUSDT", Side.BUY, "0.01")).outcome()).isEqualTo(GuardOutcome.ALLOW);
    }

    @Test
    void cacheHitsAndMissesAreCountedAndPublished() {
        try (TopicReader telemetry = new TopicReader(Topics.TELEMETRY)) {
            decide(Intents.entry(Intents.coid("hit0"), "HITUSDT", Side.BUY, "0.01"));
            List<String> coids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                OrderIntent intent = Intents.entry(Intents.coid("hit" + (i + 1)), "HITUSDT", Side.BUY, "0.01");
                coids.add(intent.clientOrderId());
                intents.send(intent);
            }
            coids.forEach(this::await);

            TopicReader.Keyed hit = telemetry.await(e -> e.type() == EventType.CACHE_HIT && "HITUSDT".equals(e.subject()), WAIT);
            TopicReader.Keyed miss = telemetry.await(e -> e.type() == EventType.CACHE_MISS && "HITUSDT".equals(e.subject()), WAIT);
            assertThat(miss.key()).isEqualTo("risk-guards");
            assertThat(((CacheSample) miss.event().data()).lookupCount()).isEqualTo(1);
            CacheSample hits = (CacheSample) hit.event().data();
            assertThat(hits.lookupCount()).isBetween(1, 3);
            assertThat(hits.ageMs()).isLessThan(1500);
        }
        assertThat(Metrics.value("orderflow_guard_book_fetches_total", "symbol=\"HITUSDT\"", "result=\"ok\"")).isLessThan(4.0);
        assertThat(Metrics.value("orderflow_guard_cache_lookups_total", "result=\"hit\"")).isGreaterThanOrEqualTo(1.0);
        assertThat(Metrics.value("orderflow_guard_cache_hit_ratio")).isGreaterThan(0.0);
    }

    /**
     * As many intents as the guards decide at once, all waiting for one cold book. (A longer burst
     * is decided in waves of that size; whether a later wave still finds the book in the cache
     * depends on how fast the machine decides, not on sharing the fetch.)
     */
    @Test
    void concurrentIntentsForAColdSymbolShareOneFetch() {
        int maxInFlight = ConfigProvider.getConfig().getValue("smallrye.messaging.worker.intents.max-concurrency", Integer.class);
        String fault = PaperAdmin.addFault("LATENCY", "CONCUSDT", "{\"minMs\":1500,\"maxMs\":1500}");
        try {
            List<OrderIntent> burst = IntStream.range(0, maxInFlight)
                    .mapToObj(i -> Intents.entry(Intents.coid("conc" + i), "CONCUSDT", i % 2 == 0 ? Side.BUY : Side.SELL, "0.01"))
                    .toList();
            intents.sendAll(burst);

            Set<java.time.Instant> bookTimes = new HashSet<>();
            for (OrderIntent intent : burst) {
                GuardDecision decision = await(intent.clientOrderId());
                assertThat(decision.outcome()).isEqualTo(GuardOutcome.ALLOW);
                bookTimes.add(decision.bookTime());
            }

            assertThat(consumer.maxInFlight()).as("intents decided at the same time").isGreaterThan(1);
            assertThat(bookTimes).as("book snapshots used (max in flight %d)", consumer.maxInFlight()).hasSize(1);
            assertThat(Metrics.value("orderflow_guard_book_fetches_total", "symbol=\"CONCUSDT\"")).isEqualTo(1.0);
            assertThat(PaperAdmin.faultHits(fault)).isEqualTo(1); // the exchange saw one depth request for the symbol
        } finally {
            PaperAdmin.removeFault(fault);
        }
    }
}
