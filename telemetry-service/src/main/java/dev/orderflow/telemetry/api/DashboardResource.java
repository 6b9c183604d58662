package dev.orderflow.telemetry.api;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.telemetry.domain.DashboardSnapshot;
import dev.orderflow.telemetry.domain.SnapshotCache;
import dev.orderflow.telemetry.domain.TelemetrySnapshot;
import dev.orderflow.telemetry.persistence.AlertStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The live dashboard feed, served while ENABLE_LIVE_MONITORS and ENABLE_LIVE_DASHBOARD are on. */
@Path("/api/v1/dashboard")
@Tag(name = "Dashboard")
public class DashboardResource {

    private final Flags flags;
    private final SnapshotCache<DashboardSnapshot> frames;
    private final Duration refresh;

    public DashboardResource(Flags flags, SnapshotCache<TelemetrySnapshot> snapshots, AlertStore alerts) {
        this.flags = flags;
        this.refresh = flags.values().liveMonitorRefresh();
        this.frames = new SnapshotCache<>(() -> DashboardSnapshot.of(snapshots.get(), alerts.open(), refresh),
                Duration.ofMillis(Math.min(250, refresh.toMillis() / 2)), Duration.ofSeconds(1));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One dashboard frame: flow per symbol, fill rate, slippage, guard blocks, throttling, cache, open alerts, heartbeats, last reconciliation, trend")
    public DashboardSnapshot get() {
        requireFeed();
        return frames.get();
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Server-sent events: one dashboard frame at once, then one every LIVE_MONITOR_REFRESH_S seconds")
    public Multi<DashboardSnapshot> stream() {
        requireFeed();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(refresh)
                .onOverflow().drop()
                .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .map(tick -> frames.get());
    }

    private void requireFeed() {
        if (!flags.values().masterSwitchOn()) {
            throw Problems.featureOff(FeatureFlag.ENABLE_ORDER_FLOW_HARDENING.envName(),
                    "ENABLE_ORDER_FLOW_HARDENING is off, which turns the live dashboard feed off");
        }
        if (!flags.isEnabled(FeatureFlag.ENABLE_LIVE_MONITORS)) {
            throw Problems.featureOff(FeatureFlag.ENABLE_LIVE_MONITORS.envName(),
                    "ENABLE_LIVE_MONITORS is off: live monitor snapshots are not served");
        }
        if (!flags.isEnabled(FeatureFlag.ENABLE_LIVE_DASHBOARD)) {
            throw Problems.featureOff(FeatureFlag.ENABLE_LIVE_DASHBOARD.envName(),
                    "ENABLE_LIVE_DASHBOARD is off: the dashboard feed is not served");
        }
    }
}
