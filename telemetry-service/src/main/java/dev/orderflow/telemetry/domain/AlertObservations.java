package dev.orderflow.telemetry.domain;

import static dev.orderflow.contracts.alerts.Comparison.ABOVE;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.alerts.AlertThreshold;
import dev.orderflow.telemetry.domain.AlertEvaluator.Observation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The observed value of every alert rule and subject, read from the telemetry model. */
public final class AlertObservations {

    /** Subject of the rules about the whole order flow. */
    public static final String WHOLE_FLOW = "";

    private AlertObservations() {
    }

    /**
     * A heartbeat missing for {@code missingAfter} intervals: warning at that age, critical at four
     * times it. Not in the deployment guide's table, so not in {@link AlertRule#ALL}; the guide asks
     * for it with ENABLE_LIVE_HEARTBEAT.
     */
    public static AlertRule heartbeatMissing(Duration missingAfter) {
        long seconds = missingAfter.toSeconds();
        return new AlertRule("HeartbeatMissing", "Heartbeat Missing",
                "time() - orderflow_telemetry_instance_last_heartbeat_seconds", "seconds since the last heartbeat",
                missingAfter, Duration.ZERO, AlertThreshold.warning(ABOVE, String.valueOf(seconds)),
                AlertThreshold.critical(ABOVE, String.valueOf(4 * seconds)),
                "Check the instance (logs, readiness, kubectl describe pod); restart or replace it");
    }

    public static List<Observation> observe(TelemetryModel model, AlertRule heartbeatMissing) {
        List<Observation> observations = new ArrayList<>();
        observations.add(new Observation(AlertRule.DUPLICATE_ORDERS, WHOLE_FLOW,
                BigDecimal.valueOf(model.overall(AlertRule.DUPLICATE_ORDERS.window()).venueDuplicates())));
        DistributionSummary slippage = model.overall(AlertRule.ENTRY_SLIPPAGE.window()).slippageBps();
        observations.add(new Observation(AlertRule.ENTRY_SLIPPAGE, WHOLE_FLOW, slippage == null ? null : slippage.mean()));
        observations.add(new Observation(AlertRule.FILL_RATE, WHOLE_FLOW,
                model.overall(AlertRule.FILL_RATE.window()).fillRatePercent()));
        observations.add(new Observation(AlertRule.API_THROTTLE_RATE, WHOLE_FLOW,
                model.overall(AlertRule.API_THROTTLE_RATE.window()).throttleRatePercent()));
        model.memoryGrowth(AlertRule.MEMORY_GROWTH.window())
                .forEach((instance, growth) -> observations.add(new Observation(AlertRule.MEMORY_GROWTH, instance, growth)));
        model.cpuIncrease().forEach((service, increase) -> observations.add(new Observation(AlertRule.CPU_USAGE_INCREASE, service, increase)));
        for (InstanceFigures instance : model.instances(heartbeatMissing.window())) {
            observations.add(new Observation(heartbeatMissing, instance.service() + "/" + instance.instance(),
                    instance.heartbeatAgeSeconds()));
        }
        return observations;
    }
}
