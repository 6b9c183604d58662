package dev.orderflow.gateway.api;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.gateway.domain.OrderRequest;
import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.gateway.service.OrderCancellation;
import dev.orderflow.gateway.service.OrderIntake;
import dev.orderflow.gateway.service.SubmissionQueue;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The order API. New COID: 201 with Location; replay of a known COID: 200 with the stored order. */
@Path("/api/v1/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "bearer")
public class OrderResource {

    /** Header set on a 200 that answered a replayed client order id from the stored order. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_PAGE = 500;

    private final OrderIntake intake;
    private final OrderCancellation cancellation;
    private final OrderRepository orders;
    private final SubmissionQueue submissions;

    public OrderResource(OrderIntake intake, OrderCancellation cancellation, OrderRepository orders, SubmissionQueue submissions) {
        this.intake = intake;
        this.cancellation = cancellation;
        this.orders = orders;
        this.submissions = submissions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an order (idempotent by clientOrderId)")
    @APIResponse(responseCode = "201", description = "New order accepted; Location points at it")
    @APIResponse(responseCode = "200", description = "Replay of a known clientOrderId with the same terms: the stored order, header Idempotent-Replayed: true")
    @APIResponse(responseCode = "400", description = "Malformed JSON")
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks orders:write")
    @APIResponse(responseCode = "409", description = "Trading state refuses the order, or an exit has nothing left to sell")
    @APIResponse(responseCode = "422", description = "Invalid field, unknown symbol, exchange filter failure, or clientOrderId reused with different terms")
    @APIResponse(responseCode = "503", description = "Postgres or the exchange's rules unavailable, or startup reconciliation pending; see Retry-After")
    public Uni<Response> place(OrderRequestBody body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Context UriInfo uri) {
        // Not a blocking endpoint: the small body is read and parsed on the I/O thread, and only the intake
        // (Postgres) runs on a worker. A blocking endpoint would read the body from the worker through a
        // blocking stream fed by the I/O thread, a hand-over that cost a fifth of the gateway's CPU per order.
        return Uni.createFrom().item(() -> accept(body, idempotencyKey, uri)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response accept(OrderRequestBody body, String idempotencyKey, UriInfo uri) {
        if (body == null) {
            throw Refusal.validation("A JSON body is required", List.of(new Refusal.FieldError("body", "required")), null);
        }
        OrderIntake.Result result = intake.submit(body.toDomain(), idempotencyKey);
        if (result.created()) {
            if (result.order().state().status() == OrderStatus.ACCEPTED) {
                submissions.enqueue(result.order());
            }
            return Response.created(uri.getBaseUriBuilder().path("api/v1/orders/{coid}").build(result.order().clientOrderId()))
                    .entity(OrderView.of(result.order())).build();
        }
        return Response.ok(OrderView.of(result.order())).header(REPLAYED_HEADER, "true").build();
    }

    @GET
    @Path("/{coid}")
    @Operation(summary = "One order by clientOrderId")
    public Response get(@PathParam("coid") String coid) {
        return findable(coid).flatMap(orders::find).map(o -> Response.ok(OrderView.of(o)).build())
                .orElseThrow(() -> notFound(coid));
    }

    @GET
    @Operation(summary = "Orders, newest first, filtered by symbol, status and acceptance time; paged by cursor")
    public OrderPage list(@QueryParam("symbol") String symbol, @QueryParam("status") String status,
            @QueryParam("since") String since, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        OrderStatus statusFilter = null;
        if (status != null) {
            try {
                statusFilter = OrderStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw badParameter("status", "one of " + List.of(OrderStatus.values()));
            }
        }
        Instant sinceFilter = null;
        if (since != null) {
            try {
                sinceFilter = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw badParameter("since", "an ISO-8601 UTC instant such as 2026-01-05T10:00:00Z");
            }
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw badParameter("cursor", "the nextCursor of a previous page");
            }
        }
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw badParameter("limit", "between 1 and " + MAX_PAGE);
        }
        List<StoredOrder> page = orders.list(symbol, statusFilter, sinceFilter, before, size + 1);
        String next = page.size() > size ? String.valueOf(page.get(size - 1).id()) : null;
        return new OrderPage(page.stream().limit(size).map(OrderView::of).toList(), next);
    }

    @DELETE
    @Path("/{coid}")
    @Operation(summary = "Cancel an order (at the exchange when it is there)")
    @APIResponse(responseCode = "200", description = "The order after the cancel")
    @APIResponse(responseCode = "409", description = "The order is final or its outcome is still being resolved")
    public Response cancel(@PathParam("coid") String coid, @QueryParam("reason") String reason) {
        StoredOrder order = findable(coid).flatMap(orders::find).orElseThrow(() -> notFound(coid));
        return Response.ok(OrderView.of(cancellation.cancel(order, reason == null ? "api" : reason))).build();
    }

    /**
     * The id when an order could have it. One that breaks the COID rule names no order, and is not looked up: a NUL
     * character in it made Postgres refuse the query, which was answered as an outage (503).
     */
    private static Optional<String> findable(String coid) {
        return OrderRequest.COID.matcher(coid).matches() ? Optional.of(coid) : Optional.empty();
    }

    static Refusal notFound(String coid) {
        return new Refusal(404, "order-not-found", "Order not found", "No order with clientOrderId " + coid, List.of(), coid, null);
    }

    private static Refusal badParameter(String name, String expected) {
        return new Refusal(400, "bad-parameter", "Bad query parameter", "Query parameter '" + name + "' must be " + expected,
                List.of(new Refusal.FieldError(name, "must be " + expected)), null, null);
    }
}
