package dev.orderflow.contracts.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 3 of the deployment guide, "Validate Configuration", for files: an env file
 * ({@code NAME=value} lines) or Kubernetes YAML holding one or more ConfigMaps (for example the
 * output of {@code kubectl kustomize}). Every ConfigMap that sets at least one flag is checked.
 */
public final class FlagFileValidator {

    private FlagFileValidator() {
    }

    /** One checked set of flags and what is wrong with it. */
    public record Report(String source, Map<String, String> variables, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static List<Report> validate(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml") || text.contains("kind:");
        return yaml ? validateYaml(file.toString(), text) : List.of(report(file.toString(), parseEnvFile(text)));
    }

    public static Map<String, String> parseEnvFile(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("export ")) {
                trimmed = trimmed.substring("export ".length()).strip();
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String value = trimmed.substring(equals + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            variables.put(trimmed.substring(0, equals).strip(), value);
        }
        return variables;
    }

    static List<Report> validateYaml(String source, String text) {
        List<Report> reports = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || !"ConfigMap".equals(document.path("kind").asText())) {
                    continue;
                }
                Map<String, String> variables = new LinkedHashMap<>();
                document.path("data").properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
                boolean hasFlags = variables.keySet().stream().anyMatch(FeatureFlag::looksLikeFlag);
                if (hasFlags) {
                    String name = document.path("metadata").path("name").asText("unnamed");
                    reports.add(report(source + " ConfigMap/" + name, variables));
                }
            }
        } catch (IOException e) {
            reports.add(new Report(source, Map.of(), List.of("Not valid YAML: " + e.getMessage().lines().findFirst().orElse(""))));
        }
        if (reports.isEmpty()) {
            reports.add(new Report(source, Map.of(), List.of("No ConfigMap with flags found")));
        }
        return reports;
    }

    private static Report report(String source, Map<String, String> variables) {
        List<String> problems = FlagLoader.check(variables).stream().map(Throwable::getMessage).toList();
        return new Report(source, variables, problems);
    }
}
