package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.config.ConnectionOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The telemetry service's performance reports (/api/v1/reports/{daily|weekly}), read from its hourly roll-ups. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The daily performance report or the weekly review: the last 24 or 168 hours up to the current one,",
                "against the period before (fills, fill rate, slippage, guard blocks, duplicates, throttling, alerts, resources).",
                "  ofctl report weekly --format md --out weekly-review.md"})
public class ReportCommand implements Callable<Integer> {

    public enum Kind { daily, weekly }

    public enum Format { md, json }

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND", description = "daily or weekly")
    Kind kind;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md", description = "md (Markdown) or json (default: ${DEFAULT-VALUE})")
    Format format = Format.md;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", hidden = true, description = "json: the same as --format json")
    String output;

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to this file instead of stdout")
    Path out;

    @Override
    public Integer call() {
        Format chosen = chosenFormat();
        String text = ServiceClient.of(connection.settings(), Service.TELEMETRY)
                .text("/api/v1/reports/" + kind.name() + ServiceClient.query(Map.of("format", chosen.name())));
        if (chosen == Format.json) {
            text = pretty(text);
        }
        if (!text.endsWith("\n")) {
            text += "\n";
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(text);
        } else {
            try {
                Files.writeString(out, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            stdout.println("Wrote the " + kind.name() + " report (" + chosen.name() + ") to " + out);
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    /** {@code -o json}, as every other command takes it, is the same as {@code --format json}. */
    private Format chosenFormat() {
        if (output == null || output.equals("table")) {
            return format;
        }
        if (output.equals("json")) {
            return Format.json;
        }
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-o takes json (or use --format md|json), not '" + output + "'");
    }

    private static String pretty(String json) {
        try {
            // decimals kept digit for digit: a report is read for its figures
            JsonNode tree = EventJson.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).readTree(json);
            return EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            // not JSON after all: hand over what the service sent
            return json;
        }
    }
}
