package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.ofctl.output.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The gateway's orders (GET/DELETE /api/v1/orders). */
@Command(name = "orders", mixinStandardHelpOptions = true, description = "List, show and cancel orders at the order gateway.",
        subcommands = {OrdersCommand.ListOrders.class, OrdersCommand.ShowOrder.class, OrdersCommand.CancelOrder.class})
public class OrdersCommand {

    private static final int PAGE_LIMIT = 500;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Orders newest first, filtered by symbol, status and acceptance time.")
    static class ListOrders implements java.util.concurrent.Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;

        @Option(names = "--symbol", description = "only this symbol") String symbol;
        @Option(names = "--status", description = "only this status: ${COMPLETION-CANDIDATES}") OrderStatus status;
        @Option(names = "--since", converter = SinceConverter.class, description = "accepted since: an age (15m, 2h, 7d) or an ISO instant") Instant since;
        @Option(names = "--limit", defaultValue = "50", description = "at most this many orders (default: ${DEFAULT-VALUE}); pages are followed") int limit;

        @Override
        public Integer call() {
            ArrayNode orders = list(ServiceClient.of(connection.settings(), Service.GATEWAY), symbol, status, since, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOptions.printJson(out, orders);
                return ExitCodes.OK;
            }
            Table table = new Table("CLIENT ORDER ID", "SYMBOL", "SIDE", "TYPE", "INTENT", "QUANTITY", "PRICE", "STATUS", "EXECUTED", "AVG PRICE", "ACCEPTED");
            orders.forEach(o -> table.row(o.path("clientOrderId").asText(), o.path("symbol").asText(), o.path("side").asText(),
                    o.path("type").asText(), o.path("intent").asText(), o.path("quantity").asText(), o.path("price").asText("-"),
                    o.path("status").asText(), o.path("executedQuantity").asText("-"), o.path("averagePrice").asText("-"),
                    o.path("acceptedAt").asText()));
            table.print(out);
            return ExitCodes.OK;
        }
    }

    /** Up to {@code limit} orders, following the gateway's cursors. */
    static ArrayNode list(ServiceClient gateway, String symbol, OrderStatus status, Instant since, int limit) {
        ArrayNode orders = EventJson.mapper().createArrayNode();
        String cursor = null;
        do {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("symbol", symbol);
            query.put("status", status);
            query.put("since", since);
            query.put("limit", Math.min(PAGE_LIMIT, limit - orders.size()));
            query.put("cursor", cursor);
            JsonNode page = gateway.get("/api/v1/orders" + ServiceClient.query(query));
            page.path("orders").forEach(orders::add);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null && orders.size() < limit);
        return orders;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One order with every field.")
    static class ShowOrder implements java.util.concurrent.Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "CLIENT_ORDER_ID") String coid;

        @Override
        public Integer call() {
            JsonNode order = ServiceClient.of(connection.settings(), Service.GATEWAY).get("/api/v1/orders/" + ServiceClient.encode(coid));
            printOrder(spec.commandLine().getOut(), output, order);
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel an order: locally if it never reached the exchange, at the exchange otherwise.")
    static class CancelOrder implements java.util.concurrent.Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "CLIENT_ORDER_ID") String coid;
        @Option(names = "--reason", defaultValue = "operator", description = "recorded with the cancel (default: ${DEFAULT-VALUE})") String reason;

        @Override
        public Integer call() {
            JsonNode order = ServiceClient.of(connection.settings(), Service.GATEWAY)
                    .delete("/api/v1/orders/" + ServiceClient.encode(coid) + ServiceClient.query(Map.of("reason", reason)));
            printOrder(spec.commandLine().getOut(), output, order);
            return ExitCodes.OK;
        }
    }

    static void printOrder(PrintWriter out, OutputOptions output, JsonNode order) {
        if (output.json()) {
            OutputOptions.printJson(out, order);
            return;
        }
        Table table = new Table("FIELD", "VALUE");
        for (Iterator<Map.Entry<String, JsonNode>> fields = order.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            table.row(field.getKey(), field.getValue().asText());
        }
        table.print(out);
    }
}
