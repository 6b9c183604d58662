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
    @APIResponse(responseCode = "409", description = "another run of this instance is under way; its id in `runId` "
            + "(application/problem+json, Retry-After)")
    @APIResponse(responseCode = "429", description = "the last run asked for started less than reconciler.on-demand-min-interval "
            + "ago; its id in `runId` (application/problem+json, Retry-After)")
    public Response runNow() {
        return switch (runner.onDemand("operator")) {
            case ReconciliationRunner.OnDemand.Ran ran -> Response.ok(ran.run()).build();
            case ReconciliationRunner.OnDemand.UnderWay underWay -> problem(409, "run-under-way", "A run is under way",
                    "run " + underWay.runId() + " is under way since " + underWay.since() + "; ask again once it ended",
                    underWay.runId(), 1);
            case ReconciliationRunner.OnDemand.TooSoon tooSoon -> problem(429, "run-too-soon", "Too many runs asked for",
                    "run " + tooSoon.lastRunId() + " started less than " + config.onDemandMinInterval().toSeconds()
                            + " s ago (reconciler.on-demand-min-interval): runs spend the exchange's request weight",
                    tooSoon.lastRunId(), Math.max(1, (int) Math.ceil(tooSoon.retryAfter().toMillis() / 1000.0)));
        };
    }

    private static Response problem(int status, String type, String title, String detail, String runId, int retryAfterSeconds) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", "https://orderflow.dev/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (runId != null) {
            body.put("runId", runId);
        }
        return Response.status(status).type("application/problem+json").header("Retry-After", retryAfterSeconds).entity(body).build();
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
