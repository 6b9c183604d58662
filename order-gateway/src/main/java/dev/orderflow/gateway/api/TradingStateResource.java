package dev.orderflow.gateway.api;

import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.domain.TradingState;
import dev.orderflow.gateway.persistence.TradingStateRepository;
import dev.orderflow.platform.security.BearerTokenFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** ACTIVE (everything), REDUCING (exits only) or HALTED (nothing new); persisted, shared by all replicas. */
@Path("/api/v1/trading-state")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Trading state")
@SecurityRequirement(name = "bearer")
public class TradingStateResource {

    private static final Logger LOG = Logger.getLogger(TradingStateResource.class);

    public record TradingStateView(TradingState state, String reason, String updatedBy, Instant updatedAt) {
    }

    public record TradingStateChange(TradingState state, String reason) {
    }

    private final TradingStateRepository repository;

    public TradingStateResource(TradingStateRepository repository) {
        this.repository = repository;
    }

    @GET
    @Operation(summary = "Current trading state")
    public TradingStateView get() {
        var row = repository.current();
        return new TradingStateView(row.state(), row.reason(), row.updatedBy(), row.updatedAt());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Set the trading state")
    public TradingStateView put(TradingStateChange change, RoutingContext request) {
        if (change == null || change.state() == null) {
            throw Refusal.validation("state is required", List.of(new Refusal.FieldError("state",
                    "one of ACTIVE, REDUCING, HALTED")), null);
        }
        String by = BearerTokenFilter.principal(request);
        var row = repository.set(change.state(), change.reason(), by, Instant.now());
        LOG.warnf("Trading state set to %s by %s (%s)", change.state(), by, change.reason());
        return new TradingStateView(row.state(), row.reason(), row.updatedBy(), row.updatedAt());
    }
}
