package dev.orderflow.telemetry.api;

import dev.orderflow.telemetry.domain.ScopeFigures;
import dev.orderflow.telemetry.domain.SnapshotCache;
import dev.orderflow.telemetry.domain.TelemetrySnapshot;
import dev.orderflow.telemetry.domain.Window;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/telemetry")
@Tag(name = "Telemetry")
public class TelemetryResource {

    private final SnapshotCache<TelemetrySnapshot> snapshots;

    public TelemetryResource(SnapshotCache<TelemetrySnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Order-flow figures overall, per symbol and per strategy over 5 min, 1 h and 24 h, every instance's heartbeat, the last reconciliation")
    public TelemetrySnapshot get(
            @Parameter(description = "Only this window: 5m, 1h or 24h") @QueryParam("window") String window) {
        TelemetrySnapshot snapshot = snapshots.get();
        if (window == null || window.isBlank()) {
            return snapshot;
        }
        Window selected = Window.byLabel(window).orElseThrow(() -> Problems.badParameter("window", "must be 5m, 1h or 24h"));
        ScopeFigures figures = snapshot.windows().get(selected.label());
        return new TelemetrySnapshot(snapshot.at(), Map.of(selected.label(), figures), snapshot.instances(),
                snapshot.lastReconciliation(), snapshot.trend());
    }
}
