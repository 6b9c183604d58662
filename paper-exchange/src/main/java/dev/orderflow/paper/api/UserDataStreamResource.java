package dev.orderflow.paper.api;

import dev.orderflow.paper.api.ApiGate.Security;
import dev.orderflow.paper.stream.ListenKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Listen keys of the user data stream (API key, no signature), as on Binance spot. */
@Path("/api/v3/userDataStream")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "User data stream (Binance spot)")
public class UserDataStreamResource {

    private final ApiGate gate;
    private final ListenKeys listenKeys;

    public UserDataStreamResource(ApiGate gate, ListenKeys listenKeys) {
        this.gate = gate;
        this.listenKeys = listenKeys;
    }

    @POST
    @Operation(summary = "Start a user data stream: a listen key valid 60 minutes; connect to /ws/<listenKey>")
    public Uni<Response> start(@Context HttpServerRequest request, String body) {
        return gate.handle(request, body, 2, Security.USER_STREAM, false,
                call -> Map.of("listenKey", listenKeys.create(call.apiKey())));
    }

    @PUT
    @Operation(summary = "Keep a listen key alive for another 60 minutes")
    public Uni<Response> keepAlive(@Context HttpServerRequest request, String body) {
        return gate.handle(request, body, 2, Security.USER_STREAM, false, call -> {
            if (!listenKeys.keepAlive(call.apiKey(), call.params().required("listenKey"))) {
                throw new ApiError(400, -1125, "This listenKey does not exist.");
            }
            return Map.of();
        });
    }

    @DELETE
    @Operation(summary = "Close a user data stream")
    public Uni<Response> close(@Context HttpServerRequest request, String body) {
        return gate.handle(request, body, 2, Security.USER_STREAM, false, call -> {
            if (!listenKeys.close(call.apiKey(), call.params().required("listenKey"))) {
                throw new ApiError(400, -1125, "This listenKey does not exist.");
            }
            return Map.of();
        });
    }
}
