package dev.orderflow.platform.api;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.flags.FlagSet;
import dev.orderflow.platform.config.Flags;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The service's flags as it runs with them: configured value, effective value and where it came from. */
@Path("/q/flags")
@Tag(name = "Operations")
public class FlagsResource {

    private final Flags flags;

    public FlagsResource(Flags flags) {
        this.flags = flags;
    }

    public record FlagView(String name, String phase, String type, String configured, String effective,
            boolean explicitlySet, String description) {
    }

    public record FlagsView(boolean masterSwitch, String hash, List<FlagView> flags) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Effective feature flags of this service")
    public FlagsView get() {
        FlagSet values = flags.values();
        List<FlagView> views = Arrays.stream(FeatureFlag.values())
                .map(f -> new FlagView(f.envName(), f.phase().map(p -> p.overlay()).orElse("master"), f.type().name(),
                        values.configuredValue(f), values.effectiveValue(f), values.isExplicitlySet(f), f.description()))
                .toList();
        return new FlagsView(values.masterSwitchOn(), values.hash(), views);
    }
}
