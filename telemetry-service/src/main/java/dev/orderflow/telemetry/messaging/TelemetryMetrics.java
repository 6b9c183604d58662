package dev.orderflow.telemetry.messaging;

import dev.orderflow.telemetry.domain.AlertView;
import dev.orderflow.telemetry.domain.DistributionSummary;
import dev.orderflow.telemetry.domain.Figures;
import dev.orderflow.telemetry.domain.InstanceFigures;
import dev.orderflow.telemetry.domain.ScopeFigures;
import dev.orderflow.telemetry.domain.TelemetrySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures as Prometheus gauges ({@code orderflow_telemetry_*}), refreshed with every alert
 * evaluation. Labels: {@code window} (5m, 1h, 24h), {@code scope} (overall, symbol, strategy) and
 * {@code key} (the symbol or strategy; {@code all} for overall).
 */
@ApplicationScoped
public class TelemetryMetrics {

    private final MeterRegistry registry;
    private final Map<String, MultiGauge> gauges = new HashMap<>();

    public TelemetryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public synchronized void update(TelemetrySnapshot snapshot, List<AlertView> openAlerts) {
        Map<String, List<MultiGauge.Row<?>>> rows = new LinkedHashMap<>();
        snapshot.windows().forEach((window, scopes) -> scopeRows(rows, window, scopes));
        for (InstanceFigures instance : snapshot.instances()) {
            Tags tags = Tags.of("service", instance.service(), "instance", instance.instance());
            row(rows, "instance_heartbeat_age_seconds", tags, instance.heartbeatAgeSeconds());
            row(rows, "instance_last_heartbeat_seconds", tags, BigDecimal.valueOf(instance.lastSeenAt().toEpochMilli(), 3));
            row(rows, "instance_heap_used_bytes", tags, instance.heapUsedBytes() == null ? null : BigDecimal.valueOf(instance.heapUsedBytes()));
            row(rows, "instance_rss_bytes", tags, instance.rssBytes() == null ? null : BigDecimal.valueOf(instance.rssBytes()));
            row(rows, "instance_cpu_percent", tags, instance.cpuPercent());
            row(rows, "instance_memory_growth_mb_per_day", tags, instance.memoryGrowthMbPerDay());
        }
        Map<Tags, Long> alerts = new HashMap<>();
        openAlerts.forEach(a -> alerts.merge(Tags.of("rule", a.rule(), "severity", a.severity().name()), 1L, Long::sum));
        alerts.forEach((tags, n) -> row(rows, "alerts_open", tags, BigDecimal.valueOf(n)));
        for (String name : List.of("alerts_open", "instance_heartbeat_age_seconds", "instance_last_heartbeat_seconds",
                "instance_heap_used_bytes", "instance_rss_bytes", "instance_cpu_percent", "instance_memory_growth_mb_per_day")) {
            rows.putIfAbsent(name, List.of());
        }
        rows.forEach((name, list) -> gauges.computeIfAbsent(name, n -> MultiGauge.builder("orderflow_telemetry_" + n).register(registry))
                .register(list, true));
    }

    private static void scopeRows(Map<String, List<MultiGauge.Row<?>>> rows, String window, ScopeFigures scopes) {
        figureRows(rows, Tags.of("window", window, "scope", "overall", "key", "all"), scopes.overall());
        scopes.symbols().forEach((symbol, f) -> figureRows(rows, Tags.of("window", window, "scope", "symbol", "key", symbol), f));
        scopes.strategies().forEach((strategy, f) -> figureRows(rows, Tags.of("window", window, "scope", "strategy", "key", strategy), f));
    }

    private static void figureRows(Map<String, List<MultiGauge.Row<?>>> rows, Tags tags, Figures f) {
        f.ordersByState().forEach((state, n) -> row(rows, "orders", tags.and("state", state), BigDecimal.valueOf(n)));
        row(rows, "entries_submitted", tags, BigDecimal.valueOf(f.entriesSubmitted()));
        row(rows, "entries_filled", tags, BigDecimal.valueOf(f.entriesFilled()));
        row(rows, "fill_rate_percent", tags, f.fillRatePercent());
        row(rows, "partial_fills", tags, BigDecimal.valueOf(f.partialFills()));
        distributionRows(rows, "entry_slippage_bps", tags, f.slippageBps());
        distributionRows(rows, "time_to_first_fill_ms", tags, f.timeToFirstFillMs());
        f.decisionsByOutcome().forEach((outcome, n) -> row(rows, "guard_decisions", tags.and("outcome", outcome), BigDecimal.valueOf(n)));
        f.reasonsByOutcome().forEach((outcome, reasons) -> reasons.forEach((reason, n) ->
                row(rows, "guard_reasons", tags.and("outcome", outcome, "reason", reason), BigDecimal.valueOf(n))));
        row(rows, "guard_block_ratio_percent", tags, f.blockRatioPercent());
        row(rows, "guard_shadow_blocks", tags, BigDecimal.valueOf(f.shadowBlocks()));
        row(rows, "replays", tags, BigDecimal.valueOf(f.replays()));
        row(rows, "venue_duplicates", tags, BigDecimal.valueOf(f.venueDuplicates()));
        row(rows, "submissions", tags, BigDecimal.valueOf(f.submissions()));
        row(rows, "throttles", tags, BigDecimal.valueOf(f.throttles()));
        row(rows, "throttle_rate_percent", tags, f.throttleRatePercent());
        row(rows, "cache_hit_rate_percent", tags, f.cacheHitRatePercent());
        f.findingsByKind().forEach((kind, n) -> row(rows, "reconciliation_findings", tags.and("kind", kind), BigDecimal.valueOf(n)));
    }

    private static void distributionRows(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, DistributionSummary d) {
        rows.computeIfAbsent(name, n -> new ArrayList<>());
        if (d == null) {
            return;
        }
        row(rows, name, tags.and("stat", "mean"), d.mean());
        row(rows, name, tags.and("stat", "p50"), d.p50());
        row(rows, name, tags.and("stat", "p95"), d.p95());
        row(rows, name, tags.and("stat", "max"), d.max());
    }

    private static void row(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, BigDecimal value) {
        List<MultiGauge.Row<?>> list = rows.computeIfAbsent(name, n -> new ArrayList<>());
        if (value != null) {
            list.add(MultiGauge.Row.of(tags, value.doubleValue()));
        }
    }
}
