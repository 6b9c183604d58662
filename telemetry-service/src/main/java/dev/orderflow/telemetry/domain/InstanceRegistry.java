package dev.orderflow.telemetry.domain;

import static dev.orderflow.platform.messaging.ProcessResources.CPU_USAGE;
import static dev.orderflow.platform.messaging.ProcessResources.HEAP_USED_BYTES;
import static dev.orderflow.platform.messaging.ProcessResources.RSS_BYTES;

import dev.orderflow.contracts.events.Heartbeat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the heartbeats say about each service instance: age, heap, RSS and CPU, a sampled RSS series
 * for the memory-growth trend, and per service the CPU figure recorded before the last phase change
 * (a change of the flags hash the service reports).
 */
public final class InstanceRegistry {

    static final Duration SAMPLE_EVERY = Duration.ofMinutes(1);
    static final Duration KEEP_SAMPLES = Duration.ofHours(24);
    /** A trend over less than this is noise, not growth. */
    static final Duration MIN_TREND_SPAN = Duration.ofHours(1);
    static final Duration CPU_WINDOW = Duration.ofHours(1);

    private final Map<String, InstanceState> instances = new HashMap<>();
    private final Map<String, String> flagsHashByService = new HashMap<>();
    private final Map<String, CpuBaseline> cpuBaselines = new HashMap<>();

    /** CPU of a service (percent of the CPUs it sees, averaged over its instances' samples) before a phase change. */
    public record CpuBaseline(String service, BigDecimal cpuPercent, Instant phaseChangedAt, String previousFlagsHash,
            String flagsHash) {
    }

    private record Sample(long atMillis, Long rssBytes, Double cpuUsage) {
    }

    private static final class InstanceState {
        final String service;
        final String instance;
        String version;
        String status;
        String flagsHash;
        Instant startedAt;
        Instant lastSeenAt;
        Long heapUsedBytes;
        Long rssBytes;
        Double cpuUsage;
        final ArrayDeque<Sample> samples = new ArrayDeque<>();

        InstanceState(String service, String instance) {
            this.service = service;
            this.instance = instance;
        }
    }

    public void record(Heartbeat heartbeat) {
        String key = heartbeat.service() + "/" + heartbeat.instance();
        InstanceState state = instances.computeIfAbsent(key, k -> new InstanceState(heartbeat.service(), heartbeat.instance()));
        long at = heartbeat.at().toEpochMilli();
        Long rss = longDetail(heartbeat, RSS_BYTES);
        Double cpu = doubleDetail(heartbeat, CPU_USAGE);
        notePhase(heartbeat, at);
        if (state.lastSeenAt == null || heartbeat.at().isAfter(state.lastSeenAt)) {
            state.lastSeenAt = heartbeat.at();
            state.version = heartbeat.version();
            state.status = heartbeat.status();
            state.flagsHash = heartbeat.flagsHash();
            state.startedAt = heartbeat.startedAt();
            state.heapUsedBytes = longDetail(heartbeat, HEAP_USED_BYTES);
            state.rssBytes = rss;
            state.cpuUsage = cpu;
        }
        if (rss != null || cpu != null) {
            Sample last = state.samples.peekLast();
            if (last == null || at - last.atMillis >= SAMPLE_EVERY.toMillis()) {
                state.samples.addLast(new Sample(at, rss, cpu));
            }
            while (!state.samples.isEmpty() && state.samples.peekFirst().atMillis < at - KEEP_SAMPLES.toMillis()) {
                state.samples.removeFirst();
            }
        }
    }

    private void notePhase(Heartbeat heartbeat, long atMillis) {
        String previous = flagsHashByService.put(heartbeat.service(), heartbeat.flagsHash());
        if (previous == null || previous.equals(heartbeat.flagsHash())) {
            return;
        }
        averageCpu(heartbeat.service(), atMillis - CPU_WINDOW.toMillis(), atMillis).ifPresent(cpu -> cpuBaselines.put(
                heartbeat.service(), new CpuBaseline(heartbeat.service(), cpu, heartbeat.at(), previous, heartbeat.flagsHash())));
    }

    void clear() {
        instances.clear();
        flagsHashByService.clear();
        cpuBaselines.clear();
    }

    /** Forgets instances not heard from for a day. */
    public void forgetOlderThan(Instant cutoff) {
        instances.values().removeIf(state -> state.lastSeenAt.isBefore(cutoff));
    }

    /**
     * Drops silent instances that another instance of their service has replaced
     * ({@link InstanceReplacement}), so that a restart leaves no instance MISSING for ever.
     */
    public void forgetReplaced(Instant now, Duration missingAfter) {
        List<InstanceReplacement.Seen> seen = instances.values().stream()
                .map(s -> new InstanceReplacement.Seen(s.service, s.instance, s.startedAt, s.lastSeenAt)).toList();
        instances.values().removeIf(s -> InstanceReplacement.isReplaced(
                new InstanceReplacement.Seen(s.service, s.instance, s.startedAt, s.lastSeenAt), seen, now, missingAfter));
    }

    public List<InstanceFigures> figures(Instant now, Duration missingAfter) {
        forgetReplaced(now, missingAfter);
        List<InstanceFigures> list = new ArrayList<>();
        for (InstanceState s : instances.values()) {
            Duration age = Duration.between(s.lastSeenAt, now);
            boolean missing = age.compareTo(missingAfter) > 0;
            list.add(new InstanceFigures(s.service, s.instance, s.version, missing ? "MISSING" : s.status, s.status,
                    s.flagsHash, s.lastSeenAt, BigDecimal.valueOf(Math.max(0, age.toMillis()), 3), s.heapUsedBytes, s.rssBytes,
                    s.cpuUsage == null ? null : Figures.decimal(s.cpuUsage * 100), memoryGrowthMbPerDay(s, now, KEEP_SAMPLES)
                            .orElse(null)));
        }
        list.sort(Comparator.comparing(InstanceFigures::service).thenComparing(InstanceFigures::instance));
        return list;
    }

    /**
     * RSS growth of each instance in MB (10^6 bytes) per day: the least-squares slope of its RSS
     * samples over {@code window}, once they span at least an hour.
     */
    public Map<String, BigDecimal> memoryGrowth(Instant now, Duration window) {
        Map<String, BigDecimal> growth = new HashMap<>();
        for (InstanceState s : instances.values()) {
            memoryGrowthMbPerDay(s, now, window).ifPresent(g -> growth.put(s.service + "/" + s.instance, g));
        }
        return growth;
    }

    /** Per service: percentage points of CPU now (average over the last hour since the phase change) minus the baseline. */
    public Map<String, BigDecimal> cpuIncrease(Instant now) {
        Map<String, BigDecimal> increase = new HashMap<>();
        for (CpuBaseline baseline : cpuBaselines.values()) {
            long from = Math.max(baseline.phaseChangedAt().toEpochMilli(), now.toEpochMilli() - CPU_WINDOW.toMillis());
            averageCpu(baseline.service(), from, now.toEpochMilli())
                    .ifPresent(cpu -> increase.put(baseline.service(), cpu.subtract(baseline.cpuPercent())));
        }
        return increase;
    }

    public Optional<CpuBaseline> cpuBaseline(String service) {
        return Optional.ofNullable(cpuBaselines.get(service));
    }

    public List<CpuBaseline> cpuBaselines() {
        return List.copyOf(cpuBaselines.values());
    }

    private Optional<BigDecimal> averageCpu(String service, long fromMillis, long toMillis) {
        double sum = 0;
        int n = 0;
        for (InstanceState s : instances.values()) {
            if (!s.service.equals(service)) {
                continue;
            }
            for (Sample sample : s.samples) {
                if (sample.cpuUsage != null && sample.atMillis >= fromMillis && sample.atMillis <= toMillis) {
                    sum += sample.cpuUsage;
                    n++;
                }
            }
        }
        return n == 0 ? Optional.empty() : Optional.of(Figures.decimal(100 * sum / n));
    }

    private static Optional<BigDecimal> memoryGrowthMbPerDay(InstanceState s, Instant now, Duration window) {
        long from = now.toEpochMilli() - window.toMillis();
        double n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumXX = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Sample sample : s.samples) {
            if (sample.rssBytes == null || sample.atMillis < from) {
                continue;
            }
            // Hours since the window start keep the sums well inside double precision.
            double x = (sample.atMillis - from) / 3_600_000.0;
            double y = sample.rssBytes / 1_000_000.0;
            n++;
            sumX += x;
            sumY += y;
            sumXY += x * y;
            sumXX += x * x;
            first = Math.min(first, sample.atMillis);
            last = Math.max(last, sample.atMillis);
        }
        if (n < 2 || last - first < MIN_TREND_SPAN.toMillis()) {
            return Optional.empty();
        }
        double slopeMbPerHour = (n * sumXY - sumX * sumY) / (n * sumXX - sumX * sumX);
        return Optional.of(BigDecimal.valueOf(slopeMbPerHour * 24).setScale(1, RoundingMode.HALF_UP));
    }

    private static Long longDetail(Heartbeat heartbeat, String key) {
        String value = heartbeat.details().get(key);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double doubleDetail(Heartbeat heartbeat, String key) {
        String value = heartbeat.details().get(key);
        try {
            return value == null ? null : Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
