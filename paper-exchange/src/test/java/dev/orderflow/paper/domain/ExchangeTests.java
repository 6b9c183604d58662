package dev.orderflow.paper.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExchangeTests {

    private static final String KEY = "k";
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private Exchange exchange(long seed) {
        return new Exchange(List.of(SymbolSpec.defaults("BTCUSDT"), SymbolSpec.defaults("ETHUSDT")), seed, 10,
                Map.of("USDT", new BigDecimal("10000000"), "BTC", new BigDecimal("100")), List.of(KEY),
                new BigDecimal("0.001"), new BigDecimal("0.002"), clock::get);
    }

    private static NewOrder market(Side side, String qty) {
        return new NewOrder("BTCUSDT", side, OrderType.MARKET, null, new BigDecimal(qty), null, null, null);
    }

    private static NewOrder limit(Side side, String qty, String price, TimeInForce tif, String coid) {
        return new NewOrder("BTCUSDT", side, OrderType.LIMIT, tif, new BigDecimal(qty), null, new BigDecimal(price), coid);
    }

    @Test
    void sameSeedAndSameOrdersGiveTheSameFills() {
        assertThat(script(7)).isEqualTo(script(7));
        assertThat(script(7)).isNotEqualTo(script(8));
    }

    /** A fixed sequence of orders and market steps; returns every fill as text. */
    private List<String> script(long seed) {
        Exchange exchange = exchange(seed);
        List<String> fills = new ArrayList<>();
        BookView book = exchange.book("BTCUSDT", 1);
        BigDecimal bid = book.bestBid()[0];
        for (int i = 0; i < 30; i++) {
            PlaceResult result = switch (i % 3) {
                case 0 -> exchange.place(KEY, market(i % 2 == 0 ? Side.BUY : Side.SELL, "0.7"));
                case 1 -> exchange.place(KEY, limit(Side.BUY, "0.3", bid.subtract(BigDecimal.valueOf(i)).toPlainString(),
                        TimeInForce.GTC, null));
                default -> exchange.place(KEY, limit(Side.SELL, "0.2", bid.toPlainString(), TimeInForce.IOC, null));
            };
            result.fills().forEach(t -> fills.add(t.orderId() + "@" + t.price().toPlainString() + "x" + t.qty().toPlainString()));
            exchange.tick();
            for (Trade trade : exchange.myTrades(KEY, "BTCUSDT", null, null, null, null, 1000)) {
                String text = trade.orderId() + "@" + trade.price().toPlainString() + "x" + trade.qty().toPlainString();
                if (!fills.contains(text)) {
                    fills.add(text);
                }
            }
        }
        return fills;
    }

    @Test
    void marketOrderWalksLevelsAtVolumeWeightedPrice() {
        Exchange exchange = exchange(1);
        BookView book = exchange.book("BTCUSDT", 10);
        BigDecimal top = book.asks().get(0)[1];
        BigDecimal qty = top.add(book.asks().get(1)[1]).add(new BigDecimal("0.001"));
        PlaceResult result = exchange.place(KEY, market(Side.BUY, qty.toPlainString()));
        assertThat(result.fills()).hasSize(3);
        assertThat(result.fills().get(0).price()).isEqualByComparingTo(book.asks().get(0)[0]);
        assertThat(result.fills().get(2).price()).isEqualByComparingTo(book.asks().get(2)[0]);
        assertThat(result.order().status()).isEqualTo(OrderStatus.FILLED);
        BigDecimal quote = result.fills().stream().map(Trade::quoteQty).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(result.order().cummulativeQuoteQty()).isEqualByComparingTo(quote);
        // Taken liquidity stays taken until the next step.
        assertThat(exchange.book("BTCUSDT", 1).bestAsk()[0]).isEqualByComparingTo(book.asks().get(2)[0]);
        // Taker commission (0.2 %) in the asset received.
        assertThat(result.fills().get(0).commission()).isEqualByComparingTo(result.fills().get(0).qty().multiply(new BigDecimal("0.002")));
        assertThat(result.fills().get(0).commissionAsset()).isEqualTo("BTC");
    }

    @Test
    void marketOrderLargerThanTheBookExpiresPartlyFilled() {
        Exchange exchange = exchange(1);
        PlaceResult result = exchange.place(KEY, market(Side.SELL, "99"));
        assertThat(result.order().status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(result.order().executedQty()).isPositive().isLessThan(new BigDecimal("99"));
        assertThat(exchange.account(KEY, false).balances()).filteredOn(b -> b.asset().equals("BTC"))
                .first().satisfies(b -> {
                    assertThat(b.locked()).isZero();
                    assertThat(b.free()).isEqualByComparingTo(new BigDecimal("100").subtract(result.order().executedQty()));
                });
    }

    @Test
    void restingLimitFillsInSeveralPartsAsThePriceCrosses() {
        Exchange exchange = exchange(3);
        BigDecimal bid = exchange.book("BTCUSDT", 1).bestBid()[0];
        BigDecimal price = bid.subtract(new BigDecimal("100"));
        PlaceResult placed = exchange.place(KEY, limit(Side.BUY, "20", price.toPlainString(), TimeInForce.GTC, "rest-1"));
        assertThat(placed.order().status()).isEqualTo(OrderStatus.NEW);
        assertThat(exchange.account(KEY, false).balances()).filteredOn(b -> b.asset().equals("USDT"))
                .first().satisfies(b -> assertThat(b.locked()).isEqualByComparingTo(price.multiply(new BigDecimal("20"))));

        exchange.moveMid("BTCUSDT", price.subtract(new BigDecimal("20")));
        OrderView first = exchange.query(KEY, "BTCUSDT", null, "rest-1");
        assertThat(first.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        int steps = 0;
        while (exchange.query(KEY, "BTCUSDT", null, "rest-1").status() != OrderStatus.FILLED && steps++ < 20) {
            exchange.moveMid("BTCUSDT", price.subtract(new BigDecimal("20")));
        }
        List<Trade> trades = exchange.myTrades(KEY, "BTCUSDT", placed.order().orderId(), null, null, null, 100);
        assertThat(trades.size()).isGreaterThan(1);
        assertThat(trades).allSatisfy(t -> {
            assertThat(t.maker()).isTrue();
            assertThat(t.price()).isEqualByComparingTo(price);
        });
        assertThat(exchange.query(KEY, "BTCUSDT", placed.order().orderId(), null).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(exchange.account(KEY, false).balances()).filteredOn(b -> b.asset().equals("USDT"))
                .first().satisfies(b -> assertThat(b.locked()).isZero());
    }

    @Test
    void partialFillPolicyCapsEveryPass() {
        Exchange exchange = exchange(3);
        exchange.setFillPolicy(symbol -> 0.25);
        PlaceResult result = exchange.place(KEY, market(Side.BUY, "0.4"));
        assertThat(result.order().executedQty()).isEqualByComparingTo("0.1");
        assertThat(result.order().status()).isEqualTo(OrderStatus.EXPIRED);
    }

    @Test
    void fokThatCannotFillCompletelyExpiresUntouched() {
        Exchange exchange = exchange(3);
        BigDecimal ask = exchange.book("BTCUSDT", 1).bestAsk()[0];
        PlaceResult result = exchange.place(KEY, limit(Side.BUY, "50", ask.toPlainString(), TimeInForce.FOK, null));
        assertThat(result.order().status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(result.fills()).isEmpty();
        assertThat(exchange.account(KEY, false).balances()).allSatisfy(b -> assertThat(b.locked()).isZero());
    }

    @Test
    void clientOrderIdIsUniqueAmongOpenOrdersOnly() {
        Exchange exchange = exchange(3);
        exchange.place(KEY, limit(Side.BUY, "0.1", "1000", TimeInForce.GTC, "same"));
        assertThatThrownBy(() -> exchange.place(KEY, limit(Side.BUY, "0.1", "1000", TimeInForce.GTC, "same")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(-2010));
        exchange.cancel(KEY, "BTCUSDT", null, "same", null);
        assertThat(exchange.place(KEY, limit(Side.BUY, "0.1", "1000", TimeInForce.GTC, "same")).order().status())
                .isEqualTo(OrderStatus.NEW);
    }

    @Test
    void filtersAndBalancesRejectWithBinanceCodes() {
        Exchange exchange = exchange(3);
        assertThatThrownBy(() -> exchange.place(KEY, limit(Side.BUY, "0.1", "1000.001", TimeInForce.GTC, null)))
                .hasMessage("Filter failure: PRICE_FILTER");
        assertThatThrownBy(() -> exchange.place(KEY, limit(Side.BUY, "0.0000001", "1000", TimeInForce.GTC, null)))
                .hasMessage("Filter failure: LOT_SIZE");
        assertThatThrownBy(() -> exchange.place(KEY, limit(Side.BUY, "0.001", "1000", TimeInForce.GTC, null)))
                .hasMessage("Filter failure: NOTIONAL");
        assertThatThrownBy(() -> exchange.place(KEY, limit(Side.SELL, "500", "60000", TimeInForce.GTC, null)))
                .hasMessage("Account has insufficient balance for requested action.");
        assertThatThrownBy(() -> exchange.place(KEY, new NewOrder("XRPUSDT", Side.BUY, OrderType.MARKET, null,
                BigDecimal.ONE, null, null, null))).isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code()).isEqualTo(-1121));
    }

    @Test
    void frozenMarketDoesNotMove() {
        Exchange exchange = exchange(3);
        BookView before = exchange.book("BTCUSDT", 5);
        exchange.tick(Set.of("BTCUSDT"));
        BookView after = exchange.book("BTCUSDT", 5);
        assertThat(after.lastUpdateId()).isEqualTo(before.lastUpdateId());
        assertThat(after.bestBid()[0]).isEqualByComparingTo(before.bestBid()[0]);
        assertThat(exchange.book("ETHUSDT", 1).lastUpdateId()).isGreaterThan(1);
    }

    @Test
    void randomWalkIsSeededAndSpreadHolds() {
        Market a = new Market(SymbolSpec.defaults("ETHUSDT"), 11, 20);
        Market b = new Market(SymbolSpec.defaults("ETHUSDT"), 11, 20);
        for (int i = 0; i < 500; i++) {
            a.step();
            b.step();
            BookView book = a.view(20, 0);
            assertThat(book.bestAsk()[0]).isGreaterThan(book.bestBid()[0]);
            assertThat(book.bids()).hasSize(20);
        }
        assertThat(a.mid()).isEqualTo(b.mid()).isNotEqualTo(3000.0);
    }
}
