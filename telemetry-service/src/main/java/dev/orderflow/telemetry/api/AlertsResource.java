package dev.orderflow.telemetry.api;

import dev.orderflow.telemetry.config.TelemetryConfig;
import dev.orderflow.telemetry.domain.AlertView;
import dev.orderflow.telemetry.persistence.AlertStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/alerts")
@Tag(name = "Alerts")
public class AlertsResource {

    /** Open alerts, newest first, and the most recently resolved ones. */
    public record Alerts(List<AlertView> open, List<AlertView> recent) {
    }

    private final AlertStore store;
    private final TelemetryConfig config;

    public AlertsResource(AlertStore store, TelemetryConfig config) {
        this.store = store;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open alerts and the most recently resolved ones (the alert table evaluated live, kept in Postgres)")
    public Alerts get() {
        return new Alerts(store.open(), store.recentlyResolved(config.alerts().recent()));
    }
}
