package dev.orderflow.gateway.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.orderflow.gateway.persistence.PositionRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Net positions from the gateway's own fills. */
@Path("/api/v1/positions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Positions")
@SecurityRequirement(name = "bearer")
public class PositionResource {

    public record PositionView(String symbol, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal averagePrice, Instant updatedAt) {
    }

    private final PositionRepository positions;

    public PositionResource(PositionRepository positions) {
        this.positions = positions;
    }

    @GET
    @Operation(summary = "Non-zero positions per symbol (base asset quantity)")
    public List<PositionView> list() {
        return positions.all().stream().map(p -> new PositionView(p.symbol(), p.quantity(), p.averagePrice(), p.updatedAt())).toList();
    }
}
