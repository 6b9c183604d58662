package dev.orderflow.paper.fault;

import dev.orderflow.paper.config.PaperConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The active faults, the dice that decide when they hit, and their counters
 * ({@code orderflow_paper_faults_injected_total{fault,symbol}}).
 */
@Singleton
public class FaultRegistry {

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> injectedTotals = new TreeMap<>();
    private final MeterRegistry registry;
    private final Random random;
    private final AtomicLong nextId = new AtomicLong(1);

    public FaultRegistry(MeterRegistry registry, PaperConfig config) {
        this.registry = registry;
        this.random = new Random(config.seed());
        registry.gauge("orderflow_paper_faults_active", faults, List::size);
    }

    public Fault add(FaultType type, String symbol, Double probability, Long times, Map<String, Double> params) {
        double p = probability == null ? 1.0 : probability;
        if (p <= 0 || p > 1) {
            throw new IllegalArgumentException("probability must be in (0, 1]");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        Fault fault = new Fault("f" + nextId.getAndIncrement(), type, symbol, p, times,
                params == null ? Map.of() : Map.copyOf(params), new AtomicLong());
        faults.add(fault);
        return fault;
    }

    public List<Fault> list() {
        return List.copyOf(faults);
    }

    public boolean remove(String id) {
        return faults.removeIf(f -> f.id().equals(id));
    }

    /** Removes every fault; returns how many there were. */
    public int clear() {
        int n = faults.size();
        faults.clear();
        return n;
    }

    /** Injections so far per fault type (since start, not reset by clear: counters are monotonic). */
    public synchronized Map<String, Long> injectedTotals() {
        Map<String, Long> out = new TreeMap<>();
        injectedTotals.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Rolls the dice for a fault of this type and symbol; a hit is counted. */
    public Optional<Fault> roll(FaultType type, String symbol) {
        for (Fault fault : faults) {
            if (fault.type() == type && fault.appliesTo(symbol) && !fault.exhausted() && dice(fault.probability())) {
                hit(fault, symbol);
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** The active fault of this type for the symbol, without counting (limits, fill caps). */
    public Optional<Fault> active(FaultType type, String symbol) {
        for (Fault fault : faults) {
            if (fault.type() == type && fault.appliesTo(symbol) && !fault.exhausted()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** Symbols whose book is frozen now ({@code all} stands for every symbol). */
    public Set<String> frozenSymbols(Iterable<String> all) {
        Set<String> out = new TreeSet<>();
        for (Fault fault : faults) {
            if (fault.type() == FaultType.FROZEN_BOOK && !fault.exhausted()) {
                if (fault.symbol() == null) {
                    all.forEach(out::add);
                } else {
                    out.add(fault.symbol());
                }
            }
        }
        return out;
    }

    /** Counts an injection of a fault that is applied without dice (frozen ticks, fill caps, lowered limits). */
    public void hit(Fault fault, String symbol) {
        fault.hits().incrementAndGet();
        String label = symbol == null ? "*" : symbol;
        synchronized (this) {
            injectedTotals.computeIfAbsent(fault.type().name(), k -> new AtomicLong()).incrementAndGet();
        }
        Counter.builder("orderflow_paper_faults_injected_total")
                .description("Faults injected by the paper exchange")
                .tag("fault", fault.type().name()).tag("symbol", label)
                .register(registry).increment();
        if (fault.exhausted()) {
            faults.remove(fault);
        }
    }

    public synchronized boolean dice(double probability) {
        return probability >= 1.0 || random.nextDouble() < probability;
    }

    public synchronized double uniform() {
        return random.nextDouble();
    }

    public List<Fault> activeOf(FaultType type) {
        List<Fault> out = new ArrayList<>();
        for (Fault fault : faults) {
            if (fault.type() == type) {
                out.add(fault);
            }
        }
        return out;
    }
}
