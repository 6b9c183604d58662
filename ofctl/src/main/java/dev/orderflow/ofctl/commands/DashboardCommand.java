package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.config.Settings;
import dev.orderflow.ofctl.dashboard.DashboardFeed;
import dev.orderflow.ofctl.dashboard.DashboardScreen;
import dev.orderflow.ofctl.dashboard.DashboardView;
import dev.orderflow.ofctl.dashboard.DashboardView.Connection;
import dev.orderflow.ofctl.output.OutputOptions;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The live dashboard: telemetry's frames drawn full-screen as they arrive. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"A full-screen live view of telemetry's dashboard feed, redrawn on every frame (every LIVE_MONITOR_REFRESH_S s):",
                "order flow per symbol, fill rate, slippage, guard blocks, throttling, cache, open alerts, heartbeats,",
                "the last reconciliation, the trading state and 5-minute trend lines. q or Ctrl-C quits.",
                "Reconnects by itself while telemetry is away. No colours with NO_COLOR set or on a dumb terminal.",
                "--once prints one frame as plain text and exits (-o json: the frame and the trading state). Needs ENABLE_LIVE_MONITORS and",
                "ENABLE_LIVE_DASHBOARD on the telemetry service."})
public class DashboardCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "print one frame as plain text and exit")
    boolean once;

    @Option(names = "--width", paramLabel = "COLUMNS", description = "width of the --once frame (default: $COLUMNS, else 120)")
    Integer width;

    @Override
    public Integer call() throws Exception {
        Settings settings = connection.settings();
        ServiceClient telemetry = ServiceClient.of(settings, Service.TELEMETRY);
        ServiceClient gateway = ServiceClient.of(settings, Service.GATEWAY);
        String source = "telemetry " + telemetry.base().getAuthority();
        if (once) {
            return once(telemetry, gateway, source);
        }
        if (output.json()) {
            throw new ParameterException(spec.commandLine(), "-o json goes with --once: the live view is for a terminal");
        }
        return new DashboardScreen(telemetry, gateway, source, System.getenv("NO_COLOR")).run();
    }

    private int once(ServiceClient telemetry, ServiceClient gateway, String source) {
        var tradingState = gateway.send("GET", "/api/v1/trading-state", null);
        JsonNode frame = telemetry.get("/api/v1/dashboard");
        JsonNode state = tradingState(ServiceClient.await(tradingState), gateway);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode both = EventJson.mapper().createObjectNode();
            both.set("frame", frame);
            both.set("tradingState", state);
            OutputOptions.printJson(out, both);
            return ExitCodes.OK;
        }
        int columns = width != null ? width : columns();
        boolean unicode = Charset.forName(System.getProperty("stdout.encoding", Charset.defaultCharset().name()))
                .equals(java.nio.charset.StandardCharsets.UTF_8);
        DashboardView view = new DashboardView(new DashboardView.Style(false, unicode), source);
        out.print(DashboardView.plain(view.render(frame, state, Connection.live(), columns, 0, Instant.now(), false)));
        out.flush();
        return ExitCodes.OK;
    }

    /** The gateway's trading state, or an {@code error} the screen shows in its place. */
    public static JsonNode tradingState(java.util.Optional<ServiceClient.Answer> answer, ServiceClient gateway) {
        if (answer.isPresent() && answer.get().ok()) {
            return answer.get().body();
        }
        ObjectNode error = EventJson.mapper().createObjectNode();
        error.put("error", answer.map(ServiceClient::describe).orElse(gateway.service().serviceName() + " did not answer"));
        return error;
    }

    private static int columns() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim());
            return Math.max(40, columns);
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
