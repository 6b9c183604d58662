package dev.orderflow.telemetry.api;

import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.telemetry.config.TelemetryConfig;
import dev.orderflow.telemetry.domain.InstanceReplacement;
import dev.orderflow.telemetry.domain.ServiceInstance;
import dev.orderflow.telemetry.persistence.ServiceHeartbeatStore;
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

    private final ServiceHeartbeatStore heartbeats;
    private final ServiceConfig serviceConfig;
    private final TelemetryConfig config;

    public ServicesResource(ServiceHeartbeatStore heartbeats, ServiceConfig serviceConfig, TelemetryConfig config) {
        this.heartbeats = heartbeats;
        this.serviceConfig = serviceConfig;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every service instance that sent a heartbeat and has not been replaced since, with its flags hash and whether it is missing")
    public List<ServiceInstance> list() {
        Instant now = Instant.now();
        var missingAfter = serviceConfig.heartbeatInterval().multipliedBy(config.heartbeat().missingAfter());
        List<ServiceInstance> instances = heartbeats.instances(now, missingAfter);
        List<InstanceReplacement.Seen> seen = instances.stream().map(ServicesResource::seen).toList();
        return instances.stream()
                .filter(instance -> !InstanceReplacement.isReplaced(seen(instance), seen, now, missingAfter))
                .toList();
    }

    private static InstanceReplacement.Seen seen(ServiceInstance instance) {
        return new InstanceReplacement.Seen(instance.service(), instance.instance(), instance.startedAt(), instance.lastSeenAt());
    }
}
