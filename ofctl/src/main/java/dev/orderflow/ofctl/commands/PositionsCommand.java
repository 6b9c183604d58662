package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.ofctl.output.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "positions", mixinStandardHelpOptions = true,
        description = "Net base-asset position per symbol from the gateway's own fills (non-zero only).")
public class PositionsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode positions = ServiceClient.of(connection.settings(), Service.GATEWAY).get("/api/v1/positions");
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, positions);
        } else {
            Table table = new Table("SYMBOL", "QUANTITY", "AVG PRICE", "UPDATED");
            positions.forEach(p -> table.row(p.path("symbol").asText(), p.path("quantity").asText(), p.path("averagePrice").asText("-"),
                    p.path("updatedAt").asText()));
            table.print(out);
            if (table.isEmpty()) {
                out.println("(no open position)");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
