package dev.orderflow.paper.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the paper exchange simulates: symbols, market, accounts and rate limits. */
@ConfigMapping(prefix = "paper")
public interface PaperConfig {

    /** API key of the main account (env PAPER_API_KEY). */
    @WithDefault("${PAPER_API_KEY:paper-key}")
    String apiKey();

    /** HMAC-SHA256 secret of the main account (env PAPER_API_SECRET). Never logged. */
    @WithDefault("${PAPER_API_SECRET:paper-secret}")
    String apiSecret();

    /** Further accounts: API key to secret ({@code paper.extra-accounts."key"=secret}). */
    Map<String, String> extraAccounts();

    /** Seed of every random choice (prices, depth, fault dice): same seed, same market. */
    @WithDefault("42")
    long seed();

    /** How often every book moves one random-walk step and is rebuilt. */
    @WithDefault("500ms")
    Duration refreshInterval();

    /** Price levels on each side of every book. */
    @WithDefault("20")
    @Min(1)
    @Max(5000)
    int bookLevels();

    /** Balances every account starts with, asset to amount ({@code paper.starting-balances.USDT=1000000}). */
    Map<String, BigDecimal> startingBalances();

    /** Maker commission rate (0.001 = 0.1 %), charged in the asset received. */
    @WithDefault("0.001")
    @DecimalMin("0")
    BigDecimal makerCommission();

    /** Taker commission rate (0.001 = 0.1 %), charged in the asset received. */
    @WithDefault("0.001")
    @DecimalMin("0")
    BigDecimal takerCommission();

    /** Largest accepted recvWindow in milliseconds (Binance: 60000). */
    @WithDefault("60000")
    long maxRecvWindow();

    /** Listed symbols. */
    @NotEmpty
    @WithDefault("BTCUSDT,ETHUSDT,SOLUSDT")
    List<String> symbolNames();

    /** Per-symbol settings, {@code paper.symbols.BTCUSDT.*}; unset values fall back to built-in defaults. */
    Map<String, SymbolSettings> symbols();

    /** Request weight and order-count limits, published in exchangeInfo and enforced. */
    RateLimits rateLimits();

    /** Settings of one symbol; every value is optional and defaults from a built-in profile. */
    interface SymbolSettings {
        /** Base asset, e.g. BTC. */
        java.util.Optional<String> baseAsset();

        /** Quote asset, e.g. USDT. */
        java.util.Optional<String> quoteAsset();

        /** PRICE_FILTER tickSize. */
        java.util.Optional<BigDecimal> tickSize();

        /** LOT_SIZE stepSize (also minQty). */
        java.util.Optional<BigDecimal> stepSize();

        /** NOTIONAL / MIN_NOTIONAL minNotional in the quote asset. */
        java.util.Optional<BigDecimal> minNotional();

        /** Mid price at start. */
        java.util.Optional<BigDecimal> startPrice();

        /** Standard deviation of the log return of one refresh step (0.0005 = 5 bps). */
        java.util.Optional<Double> volatility();

        /** Spread between best bid and best ask, in basis points of the mid. */
        java.util.Optional<Double> spreadBps();

        /** Distance between adjacent levels, in basis points of the mid (at least one tick). */
        java.util.Optional<Double> levelSpacingBps();

        /** Base-asset quantity at the best level. */
        java.util.Optional<BigDecimal> depthBaseQuantity();

        /** Quantity growth per level away from the top: level i holds base x (1 + growth x i), +-50 % noise. */
        java.util.Optional<Double> depthGrowth();
    }

    /** Limits as on Binance spot; the paper exchange enforces what it publishes. */
    interface RateLimits {
        /** Off: nothing is counted or refused (benchmarks). */
        @WithDefault("true")
        boolean enabled();

        /** REQUEST_WEIGHT per minute and client IP. */
        @WithDefault("6000")
        @Min(1)
        int requestWeightPerMinute();

        /** ORDERS per 10 seconds and account. */
        @WithName("orders-per-10s")
        @WithDefault("100")
        @Min(1)
        int ordersPer10s();

        /** ORDERS per day and account. */
        @WithDefault("200000")
        @Min(1)
        int ordersPerDay();

        /** Requests refused with 429 that a client may still send before its IP is banned with 418. */
        @WithName("requests-after-429-before-ban")
        @WithDefault("5")
        @Min(0)
        int requestsAfter429BeforeBan();

        /** How long a 418 ban lasts. */
        @WithDefault("2m")
        Duration banDuration();
    }
}
