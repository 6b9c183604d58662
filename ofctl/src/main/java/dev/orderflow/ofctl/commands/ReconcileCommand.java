package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.ofctl.output.Table;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The reconciler's runs (/api/v1/reconciliation/runs). */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Run a reconciliation now, list recent runs, or show one with its findings.")
public class ReconcileCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Compare the gateway's orders with the exchange now and send the repairs; waits for the outcome.",
                    "Exit code 3 when the run FAILED or found something."})
    int run(@Mixin ConnectionOptions connection, @Mixin OutputOptions output) {
        JsonNode run = reconciler(connection).post("/api/v1/reconciliation/runs", Map.of());
        print(run, output);
        return "FINISHED".equals(run.path("phase").asText()) && run.path("findings").isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent runs, newest first.")
    int list(@Mixin ConnectionOptions connection, @Mixin OutputOptions output,
            @Option(names = "--limit", defaultValue = "20", description = "how many runs, 1..500 (default: ${DEFAULT-VALUE})") int limit) {
        JsonNode runs = reconciler(connection).get("/api/v1/reconciliation/runs" + ServiceClient.query(Map.of("limit", limit)));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, runs);
        } else {
            Table table = new Table("RUN", "KIND", "PHASE", "REQUESTED BY", "STARTED", "FINISHED", "FINDINGS", "COMMANDS", "ERROR");
            runs.forEach(r -> table.row(r.path("runId").asText(), r.path("kind").asText(), r.path("phase").asText(),
                    r.path("requestedBy").asText(), r.path("startedAt").asText(), r.path("finishedAt").asText("-"),
                    r.path("findings").size(), r.path("commandsSent").asText("-"), r.path("error").asText("")));
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run with every finding.")
    int show(@Mixin ConnectionOptions connection, @Mixin OutputOptions output, @Parameters(paramLabel = "RUN_ID") String runId) {
        print(reconciler(connection).get("/api/v1/reconciliation/runs/" + ServiceClient.encode(runId)), output);
        return ExitCodes.OK;
    }

    private void print(JsonNode run, OutputOptions output) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, run);
        } else {
            out.printf("Run %s (%s, requested by %s): %s%n", run.path("runId").asText(), run.path("kind").asText(),
                    run.path("requestedBy").asText(), run.path("phase").asText());
            out.printf("Started %s, finished %s, %s commands sent%n", run.path("startedAt").asText(),
                    run.path("finishedAt").asText("-"), run.path("commandsSent").asText("0"));
            if (run.hasNonNull("error")) {
                out.println("Error: " + run.get("error").asText());
            }
            if (run.path("findings").isEmpty()) {
                out.println("No findings: the gateway and the exchange agree.");
            } else {
                Table table = new Table("FINDING", "CLIENT ORDER ID", "SYMBOL", "ACTION", "DETAIL");
                run.path("findings").forEach(f -> table.row(f.path("kind").asText(), f.path("clientOrderId").asText("-"),
                        f.path("symbol").asText(), f.path("action").asText(), f.path("detail").asText()));
                table.print(out);
            }
        }
        out.flush();
    }

    private static ServiceClient reconciler(ConnectionOptions connection) {
        return ServiceClient.of(connection.settings(), Service.RECONCILER);
    }
}
