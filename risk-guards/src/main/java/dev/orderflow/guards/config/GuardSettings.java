package dev.orderflow.guards.config;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.guards.domain.GuardMode;
import dev.orderflow.guards.domain.GuardPolicy;
import dev.orderflow.guards.domain.Thresholds;
import dev.orderflow.platform.config.Flags;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The validated, resolved guard settings: which guards run (flags), in which mode, and the
 * thresholds of every symbol (service-wide values with per-symbol overrides applied). Built once
 * at start-up; an invalid value stops start-up with a message naming each offending property.
 */
@Startup
@Singleton
public class GuardSettings {

    private static final Logger LOG = Logger.getLogger(GuardSettings.class);
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");
    private static final BigDecimal MAX_BPS = BigDecimal.valueOf(10_000);
    private static final BigDecimal MAX_MULTIPLE = BigDecimal.valueOf(1_000);
    private static final Set<Integer> DEPTH_LIMITS = Set.of(5, 10, 20, 50, 100, 500, 1000, 5000);

    private final GuardConfig config;
    private final GuardPolicy policy;
    private final Thresholds defaults;
    private final Map<String, Thresholds> perSymbol;
    private final Map<String, GuardPolicy> perSymbolPolicy;

    @Inject
    public GuardSettings(GuardConfig config, Flags flags) {
        this(config, new GuardPolicy(
                flags.isEnabled(FeatureFlag.ENABLE_ENTRY_SLIPPAGE_GUARD),
                flags.isEnabled(FeatureFlag.ENABLE_SPREAD_GUARD_ENTRY),
                flags.isEnabled(FeatureFlag.ENABLE_DEPTH_GUARD_ENTRY),
                flags.isEnabled(FeatureFlag.ENABLE_CONSOLIDATED_ENTRY_GUARDS),
                config.mode()));
        LOG.infof("Entry guards: slippage=%s spread=%s depth=%s consolidated=%s mode=%s; defaults %s; overrides %s",
                policy.slippage(), policy.spread(), policy.depth(), policy.consolidated(), policy.mode(), defaults, perSymbol);
    }

    /** For tests and benchmarks: the given policy instead of the flags. */
    public GuardSettings(GuardConfig config, GuardPolicy policy) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            InvalidGuardConfigException error = new InvalidGuardConfigException(problems);
            LOG.error(error.getMessage());
            throw error;
        }
        this.config = config;
        this.policy = policy;
        this.defaults = new Thresholds(config.maxSlippageBps(), config.maxSpreadBps(), config.depthBandBps(),
                config.depthMultiple(), config.maxBookAgeMs());
        Map<String, Thresholds> thresholds = new HashMap<>();
        Map<String, GuardPolicy> policies = new HashMap<>();
        config.symbols().forEach((symbol, o) -> {
            thresholds.put(symbol, new Thresholds(
                    o.maxSlippageBps().orElse(defaults.maxSlippageBps()),
                    o.maxSpreadBps().orElse(defaults.maxSpreadBps()),
                    o.depthBandBps().orElse(defaults.depthBandBps()),
                    o.depthMultiple().orElse(defaults.depthMultiple()),
                    o.maxBookAgeMs().orElse(defaults.maxBookAgeMs())));
            o.mode().ifPresent(mode -> policies.put(symbol, policy.withMode(mode)));
        });
        this.perSymbol = Map.copyOf(thresholds);
        this.perSymbolPolicy = Map.copyOf(policies);
    }

    /** Every problem in the configuration, each naming its property; empty when it is valid. */
    public static List<String> problems(GuardConfig config) {
        List<String> problems = new ArrayList<>();
        checkCommon(problems, "guards", config.maxSlippageBps(), config.maxSpreadBps(), config.depthBandBps(),
                config.depthMultiple(), config.maxBookAgeMs());
        range(problems, "guards.decision-timeout", config.decisionTimeout(), Duration.ofMillis(10), Duration.ofSeconds(60));
        range(problems, "guards.cache.ttl", config.cache().ttl(), Duration.ofMillis(1), Duration.ofSeconds(60));
        range(problems, "guards.cache.hit-report-interval", config.cache().hitReportInterval(), Duration.ofMillis(100), Duration.ofHours(1));
        if (config.cache().ttl().toMillis() >= config.maxBookAgeMs()) {
            problems.add("guards.cache.ttl=" + config.cache().ttl().toMillis() + "ms must be shorter than guards.max-book-age-ms="
                    + config.maxBookAgeMs() + " (a cached book would be stale before it is refreshed)");
        }
        var marketData = config.marketData();
        if (!DEPTH_LIMITS.contains(marketData.depthLimit())) {
            problems.add("guards.market-data.depth-limit=" + marketData.depthLimit() + " must be one of " + new java.util.TreeSet<>(DEPTH_LIMITS));
        }
        marketData.weightLimitPerMinute().filter(w -> w < 1)
                .ifPresent(w -> problems.add("guards.market-data.weight-limit-per-minute=" + w + " must be at least 1"));
        decimal(problems, "guards.market-data.weight-share", marketData.weightShare(), new BigDecimal("0.01"), BigDecimal.ONE, true);
        if (marketData.maxConsecutiveFailures() < 1 || marketData.maxConsecutiveFailures() > 10_000) {
            problems.add("guards.market-data.max-consecutive-failures=" + marketData.maxConsecutiveFailures() + " must be between 1 and 10000");
        }
        new TreeMap<>(config.symbols()).forEach((symbol, o) -> {
            String prefix = "guards.symbols." + symbol;
            if (!SYMBOL.matcher(symbol).matches()) {
                problems.add(prefix + ": '" + symbol + "' is not an exchange symbol (2 to 20 upper-case letters and digits)");
            }
            // only the values this symbol sets; inherited ones are reported once, above
            o.maxSlippageBps().ifPresent(v -> decimal(problems, prefix + ".max-slippage-bps", v, BigDecimal.ZERO, MAX_BPS, false));
            o.maxSpreadBps().ifPresent(v -> decimal(problems, prefix + ".max-spread-bps", v, BigDecimal.ZERO, MAX_BPS, false));
            o.depthBandBps().ifPresent(v -> decimal(problems, prefix + ".depth-band-bps", v, BigDecimal.ZERO, MAX_BPS, true));
            o.depthMultiple().ifPresent(v -> decimal(problems, prefix + ".depth-multiple", v, BigDecimal.ZERO, MAX_MULTIPLE, false));
            o.maxBookAgeMs().ifPresent(age -> {
                if (age < 1 || age > 600_000) {
                    problems.add(prefix + ".max-book-age-ms=" + age + " must be between 1 and 600000");
                } else if (config.cache().ttl().toMillis() >= age) {
                    problems.add(prefix + ".max-book-age-ms=" + age + " must be longer than guards.cache.ttl="
                            + config.cache().ttl().toMillis() + "ms");
                }
            });
        });
        return problems;
    }

    private static void checkCommon(List<String> problems, String prefix, BigDecimal slippage, BigDecimal spread,
            BigDecimal band, BigDecimal multiple, long maxAgeMs) {
        decimal(problems, prefix + ".max-slippage-bps", slippage, BigDecimal.ZERO, MAX_BPS, false);
        decimal(problems, prefix + ".max-spread-bps", spread, BigDecimal.ZERO, MAX_BPS, false);
        decimal(problems, prefix + ".depth-band-bps", band, BigDecimal.ZERO, MAX_BPS, true);
        decimal(problems, prefix + ".depth-multiple", multiple, BigDecimal.ZERO, MAX_MULTIPLE, false);
        if (maxAgeMs < 1 || maxAgeMs > 600_000) {
            problems.add(prefix + ".max-book-age-ms=" + maxAgeMs + " must be between 1 and 600000");
        }
    }

    private static void decimal(List<String> problems, String name, BigDecimal value, BigDecimal min, BigDecimal max, boolean minExclusive) {
        int low = value.compareTo(min);
        if (low < 0 || (minExclusive && low == 0) || value.compareTo(max) > 0) {
            problems.add(name + "=" + value.toPlainString() + " must be " + (minExclusive ? "above " : "between ")
                    + min.toPlainString() + (minExclusive ? " and at most " : " and ") + max.toPlainString());
        }
    }

    private static void range(List<String> problems, String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(name + "=" + value.toMillis() + "ms must be between " + min.toMillis() + "ms and " + max.toMillis() + "ms");
        }
    }

    public GuardPolicy policyFor(String symbol) {
        return perSymbolPolicy.getOrDefault(symbol, policy);
    }

    public Thresholds thresholdsFor(String symbol) {
        return perSymbol.getOrDefault(symbol, defaults);
    }

    /** The service-wide policy (flags and mode). */
    public GuardPolicy policy() {
        return policy;
    }

    public Thresholds defaults() {
        return defaults;
    }

    public Map<String, Thresholds> overrides() {
        return new TreeMap<>(perSymbol);
    }

    public Map<String, GuardMode> modeOverrides() {
        Map<String, GuardMode> modes = new TreeMap<>();
        perSymbolPolicy.forEach((symbol, p) -> modes.put(symbol, p.mode()));
        return modes;
    }

    public GuardConfig config() {
        return config;
    }
}
