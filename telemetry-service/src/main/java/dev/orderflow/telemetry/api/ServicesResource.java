package dev.orderflow.telemetry.api;

import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.telemetry.config.TelemetryConfig;
import dev.orderflow.telemetry.domain.InstanceReplacement;
import dev.orderflow.telemetry.domain.ServiceInstance;
import dev.orderflow.telemetry.persistence.ServiceHeartbeatEntity;
import dev.orderflow.telemetry.persistence.ServiceHeartbeatRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/services")
@Tag(name = "Services")
public class ServicesResource {

    private final ServiceHeartbeatRepository repository;
    private final ServiceConfig serviceConfig;
    private final TelemetryConfig config;

    public ServicesResource(ServiceHeartbeatRepository repository, ServiceConfig serviceConfig, TelemetryConfig config) {
        this.repository = repository;
        this.serviceConfig = serviceConfig;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every service instance that sent a heartbeat and has not been replaced since, with its flags hash and whether it is missing")
    public List<ServiceInstance> list() {
        Instant now = Instant.now();
        var missingAfter = serviceConfig.heartbeatInterval().multipliedBy(config.heartbeat().missingAfter());
        List<ServiceHeartbeatEntity> rows = repository.listByService();
        List<InstanceReplacement.Seen> seen = rows.stream()
                .map(row -> new InstanceReplacement.Seen(row.id.service(), row.id.instance(), row.startedAt, row.lastSeenAt))
                .toList();
        return rows.stream()
                .filter(row -> !InstanceReplacement.isReplaced(
                        new InstanceReplacement.Seen(row.id.service(), row.id.instance(), row.startedAt, row.lastSeenAt), seen,
                        now, missingAfter))
                .map(row -> ServiceInstance.of(row.id.service(), row.id.instance(), row.version, row.status, row.flagsHash,
                        row.masterSwitch, row.startedAt, row.lastSeenAt, now, missingAfter))
                .toList();
    }
}
