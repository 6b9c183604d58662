package dev.orderflow.gateway.health;

import dev.orderflow.gateway.service.ReconcileGate;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the startup reconciliation finished, when ENABLE_STARTUP_RECONCILE is on. */
@Readiness
@ApplicationScoped
public class ReconcileReadinessCheck implements HealthCheck {

    private final ReconcileGate gate;

    public ReconcileReadinessCheck(ReconcileGate gate) {
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Startup reconciliation").withData("phase", gate.phase().name());
        if (gate.runId() != null) {
            response.withData("runId", gate.runId());
        }
        return response.status(gate.entriesOpen()).build();
    }
}
