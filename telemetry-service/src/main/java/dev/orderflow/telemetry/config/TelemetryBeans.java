package dev.orderflow.telemetry.config;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.telemetry.domain.AlertEvaluator;
import dev.orderflow.telemetry.domain.AlertObservations;
import dev.orderflow.telemetry.domain.SnapshotCache;
import dev.orderflow.telemetry.domain.TelemetryModel;
import dev.orderflow.telemetry.domain.TelemetrySnapshot;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The plain-Java domain objects, built once from configuration. */
public class TelemetryBeans {

    @Produces
    @Singleton
    TelemetryModel model(TelemetryConfig config) {
        return new TelemetryModel(Clock.systemUTC(), config.figures().maxScopes(), config.figures().maxTrackedOrders());
    }

    /** The figures as of at most 200 ms ago: every reader in a period shares one computation. */
    @Produces
    @Singleton
    SnapshotCache<TelemetrySnapshot> snapshots(TelemetryModel model, @Named("heartbeatMissingAfter") Duration missingAfter) {
        return new SnapshotCache<>(() -> model.snapshot(missingAfter), Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    /** How long an instance may stay silent before it counts as missing. */
    @Produces
    @Singleton
    @Named("heartbeatMissingAfter")
    Duration heartbeatMissingAfter(ServiceConfig service, TelemetryConfig config) {
        return service.heartbeatInterval().multipliedBy(config.heartbeat().missingAfter());
    }

    @Produces
    @Singleton
    @Named("heartbeatMissing")
    AlertRule heartbeatMissingRule(@Named("heartbeatMissingAfter") Duration missingAfter) {
        return AlertObservations.heartbeatMissing(missingAfter);
    }

    @Produces
    @Singleton
    AlertEvaluator alertEvaluator(TelemetryConfig config, @Named("heartbeatMissing") AlertRule heartbeatMissing) {
        List<AlertRule> rules = new ArrayList<>(AlertRule.ALL);
        rules.add(heartbeatMissing);
        return new AlertEvaluator(rules, config.alerts().applyHoldFor(), config.alerts().clearAfter());
    }
}
