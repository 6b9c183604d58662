package dev.orderflow.ofctl.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code -o table|json}: a readable table by default, JSON for scripts. */
public class OutputOptions {

    public enum Format { table, json }

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    public boolean json() {
        return format == Format.json;
    }

    public static void printJson(PrintWriter out, Object value) {
        try {
            out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One JSON document on one line (JSON lines, for jq and log tools). */
    public static String line(JsonNode value) {
        return value.toString();
    }
}
