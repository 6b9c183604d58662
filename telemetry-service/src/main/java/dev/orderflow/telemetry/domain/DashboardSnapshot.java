package dev.orderflow.telemetry.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One frame of the live dashboard ({@code ofctl dashboard}): the flow of the last 5 minutes overall
 * and per symbol, the last hour overall (what the alert table reads), open alerts, every instance's
 * heartbeat, the last reconciliation and a 5-minute trend in 30-second steps.
 */
public record DashboardSnapshot(
        Instant at,
        BigDecimal refreshSeconds,
        Figures lastFiveMinutes,
        Map<String, Figures> symbols,
        Figures lastHour,
        List<AlertView> openAlerts,
        List<InstanceFigures> instances,
        ReconciliationSummary lastReconciliation,
        List<TrendPoint> trend) {

    public static DashboardSnapshot of(TelemetrySnapshot snapshot, List<AlertView> openAlerts, java.time.Duration refresh) {
        ScopeFigures fiveMinutes = snapshot.windows().get(Window.FIVE_MINUTES.label());
        ScopeFigures hour = snapshot.windows().get(Window.ONE_HOUR.label());
        return new DashboardSnapshot(snapshot.at(), BigDecimal.valueOf(refresh.toMillis(), 3), fiveMinutes.overall(),
                fiveMinutes.symbols(), hour.overall(), openAlerts, snapshot.instances(), snapshot.lastReconciliation(),
                snapshot.trend());
    }
}
