package dev.orderflow.reconciler.api;

import dev.orderflow.reconciler.config.ReconcilerConfig;
import dev.orderflow.reconciler.persistence.RunRepository;
import dev.orderflow.reconciler.persistence.StoredRun;
import dev.orderflow.reconciler.service.ReconciliationRunner;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recent reconciliation runs with their findings. */
@Path("/api/v1/reconciliation/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class RunResource {

    private final RunRepository runs;
    private final ReconcilerConfig config;
    private final ReconciliationRunner runner;

    public RunResource(RunRepository runs, ReconcilerConfig config, ReconciliationRunner runner) {
        this.runs = runs;
        this.config = config;
        this.runner = runner;
    }

    @POST
    @Operation(summary = "Run a reconciliation now (the checks of a periodic run) and answer with it once it ended")
    @APIResponse(responseCode = "200", description = "the run, FINISHED or FAILED, with its findings")
    public StoredRun runNow() {
        // a fresh run id is never claimed yet, so the run always takes place
        return runner.onDemand("operator").orElseThrow();
    }

    @GET
    @Operation(summary = "Recent runs, newest first, with findings and the number of commands sent")
    public List<StoredRun> recent(@QueryParam("limit") @Min(1) @Max(500)
            @Parameter(description = "how many runs (1..500); default reconciler.recent-runs") Integer limit) {
        return runs.recent(limit == null ? config.recentRuns() : limit);
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "One run")
    @APIResponse(responseCode = "200", description = "the run")
    @APIResponse(responseCode = "404", description = "no run with this id (application/problem+json)")
    public Response one(@PathParam("runId") String runId) {
        // no run id holds a NUL character, and Postgres refuses one in a query: answered 500 before
        Optional<StoredRun> run = runId.indexOf('\u0000') >= 0 ? Optional.empty() : runs.find(runId);
        return run.map(r -> Response.ok(r).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json").entity(Map.of(
                        "type", "https://orderflow.dev/problems/run-not-found", "title", "Run not found", "status", 404,
                        "detail", "no reconciliation run " + runId)).build());
    }
}
