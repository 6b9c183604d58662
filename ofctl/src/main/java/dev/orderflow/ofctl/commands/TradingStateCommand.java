package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.client.ServiceException;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.output.OutputOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The gateway's trading state, shared by all replicas. {@code halt} is the guide's "stop the bot immediately":
 * no new order from any strategy, while replays of known client order ids are still answered.
 */
@Command(name = "trading-state", mixinStandardHelpOptions = true,
        description = {"Show or set the trading state: ACTIVE (everything), REDUCING (exits only), HALTED (nothing new).",
                "halt is the emergency stop; add --cancel-open to also cancel every open order."})
public class TradingStateCommand implements Callable<Integer> {

    /** Orders that are live somewhere: the gateway may still send them, or the exchange holds them. */
    private static final List<OrderStatus> OPEN = List.of(OrderStatus.ACCEPTED, OrderStatus.PENDING_GUARDS,
            OrderStatus.ACKNOWLEDGED, OrderStatus.PARTIALLY_FILLED);

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        print(spec.commandLine().getOut(), output, gateway(connection).get("/api/v1/trading-state"));
        return ExitCodes.OK;
    }

    @Command(name = "halt", mixinStandardHelpOptions = true,
            description = "Stop trading now: HALTED refuses every new order on every gateway replica.")
    int halt(@Mixin ConnectionOptions connection, @Mixin OutputOptions output,
            @Option(names = "--reason", defaultValue = "operator: emergency stop", description = "recorded with the state (default: ${DEFAULT-VALUE})") String reason,
            @Option(names = "--cancel-open", description = "then cancel every open order (ACCEPTED, PENDING_GUARDS, ACKNOWLEDGED, PARTIALLY_FILLED)") boolean cancelOpen) {
        int code = set(connection, output, "HALTED", reason);
        return cancelOpen ? Math.max(code, cancelOpen(connection, reason)) : code;
    }

    @Command(name = "reduce-only", mixinStandardHelpOptions = true, description = "Exits only: REDUCING refuses new entries.")
    int reduceOnly(@Mixin ConnectionOptions connection, @Mixin OutputOptions output,
            @Option(names = "--reason", defaultValue = "operator: reduce only", description = "(default: ${DEFAULT-VALUE})") String reason) {
        return set(connection, output, "REDUCING", reason);
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Trade again: ACTIVE.")
    int resume(@Mixin ConnectionOptions connection, @Mixin OutputOptions output,
            @Option(names = "--reason", defaultValue = "operator: resume", description = "(default: ${DEFAULT-VALUE})") String reason) {
        return set(connection, output, "ACTIVE", reason);
    }

    private int set(ConnectionOptions connection, OutputOptions output, String state, String reason) {
        JsonNode answer = gateway(connection).put("/api/v1/trading-state", Map.of("state", state, "reason", reason));
        print(spec.commandLine().getOut(), output, answer);
        return ExitCodes.OK;
    }

    private int cancelOpen(ConnectionOptions connection, String reason) {
        ServiceClient gateway = gateway(connection);
        PrintWriter out = spec.commandLine().getOut();
        List<String> failed = new ArrayList<>();
        int canceled = 0;
        for (OrderStatus status : OPEN) {
            for (JsonNode order : OrdersCommand.list(gateway, null, status, null, Integer.MAX_VALUE)) {
                String coid = order.path("clientOrderId").asText();
                try {
                    gateway.delete("/api/v1/orders/" + ServiceClient.encode(coid) + ServiceClient.query(Map.of("reason", reason)));
                    canceled++;
                } catch (ServiceException e) {
                    failed.add(coid + ": " + e.getMessage());
                }
            }
        }
        out.println("Canceled " + canceled + " open orders" + (failed.isEmpty() ? "" : ", " + failed.size() + " not canceled:"));
        failed.forEach(f -> out.println("  " + f));
        out.flush();
        return failed.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static ServiceClient gateway(ConnectionOptions connection) {
        return ServiceClient.of(connection.settings(), Service.GATEWAY);
    }

    private static void print(PrintWriter out, OutputOptions output, JsonNode state) {
        if (output.json()) {
            OutputOptions.printJson(out, state);
        } else {
            out.println(state.path("state").asText() + (state.hasNonNull("reason") ? " (" + state.get("reason").asText() + ")" : "")
                    + (state.hasNonNull("updatedBy") ? ", set by " + state.get("updatedBy").asText() + " at " + state.path("updatedAt").asText() : ""));
        }
        out.flush();
    }
}
