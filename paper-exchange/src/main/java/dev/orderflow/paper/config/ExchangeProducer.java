package dev.orderflow.paper.config;

import dev.orderflow.paper.api.Accounts;
import dev.orderflow.paper.domain.Exchange;
import dev.orderflow.paper.domain.SymbolSpec;
import dev.orderflow.paper.fault.FaultRegistry;
import dev.orderflow.paper.fault.FaultType;
import dev.orderflow.paper.stream.UserDataDispatcher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the engine from {@link PaperConfig}. */
public class ExchangeProducer {

    @Produces
    @Singleton
    Exchange exchange(PaperConfig config, Accounts accounts, FaultRegistry faults, UserDataDispatcher dispatcher) {
        Exchange exchange = new Exchange(symbols(config), config.seed(), config.bookLevels(), config.startingBalances(),
                accounts.apiKeys(), config.makerCommission(), config.takerCommission(), System::currentTimeMillis);
        exchange.setListener(dispatcher);
        exchange.setFillPolicy(symbol -> faults.active(FaultType.PARTIAL_FILLS, symbol)
                .map(fault -> {
                    faults.hit(fault, symbol);
                    return Math.min(1.0, Math.max(0.0001, fault.param("fraction", 0.25)));
                })
                .orElse(1.0));
        return exchange;
    }

    /** The configured symbols, each built-in profile overridden by {@code paper.symbols.<SYMBOL>.*}. */
    public static List<SymbolSpec> symbols(PaperConfig config) {
        List<SymbolSpec> out = new ArrayList<>();
        Map<String, PaperConfig.SymbolSettings> settings = config.symbols();
        for (String name : config.symbolNames()) {
            SymbolSpec d = SymbolSpec.defaults(name);
            PaperConfig.SymbolSettings s = settings.get(name);
            if (s == null) {
                out.add(d);
                continue;
            }
            out.add(new SymbolSpec(name, s.baseAsset().orElse(d.baseAsset()), s.quoteAsset().orElse(d.quoteAsset()),
                    s.tickSize().orElse(d.tickSize()), s.stepSize().orElse(d.stepSize()),
                    s.minNotional().orElse(d.minNotional()), s.startPrice().orElse(d.startPrice()),
                    s.volatility().orElse(d.volatility()), s.spreadBps().orElse(d.spreadBps()),
                    s.levelSpacingBps().orElse(d.levelSpacingBps()),
                    s.depthBaseQuantity().map(BigDecimal::stripTrailingZeros).orElse(d.depthBaseQuantity()),
                    s.depthGrowth().orElse(d.depthGrowth())));
        }
        return out;
    }
}
