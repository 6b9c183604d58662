package dev.orderflow.ofctl.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Resolves {@link Settings}. The config file is {@code --config}, else {@code OFCTL_CONFIG}, else the first
 * that exists of: the local stack's {@code ofctl.properties} (under {@code ORDERFLOW_RUN_DIR}, or
 * {@code .run/local} of the checkout the launcher runs from, {@code OFCTL_HOME}, or of the working
 * directory or one above it) and {@code ~/.config/ofctl/ofctl.properties}.
 */
public final class SettingsResolver {

    /** Variables the stack already uses for the same values, so a shell that runs it needs nothing more. */
    private static final Map<String, String> WELL_KNOWN_VARIABLES = Map.of(
            "ORDERFLOW_OPERATOR_TOKEN", Settings.TOKEN,
            "KAFKA_BOOTSTRAP_SERVERS", Settings.BOOTSTRAP_SERVERS,
            "EXCHANGE_API_KEY", Settings.EXCHANGE_API_KEY,
            "EXCHANGE_API_SECRET", Settings.EXCHANGE_API_SECRET);

    private static final String LOCAL_FILE = "ofctl.properties";

    private SettingsResolver() {
    }

    public static String environmentName(String key) {
        return "OFCTL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Settings resolve(Map<String, String> given, Optional<Path> configFile, Map<String, String> environment) {
        return resolve(given, configFile, environment, Path.of("").toAbsolutePath());
    }

    /** As {@link #resolve(Map, Optional, Map)}, looking for the local stack's file from {@code workingDirectory}. */
    static Settings resolve(Map<String, String> given, Optional<Path> configFile, Map<String, String> environment,
            Path workingDirectory) {
        Map<String, String> values = new LinkedHashMap<>(Settings.LOCAL_DEFAULTS);
        Map<String, String> origins = new LinkedHashMap<>();
        Settings.LOCAL_DEFAULTS.keySet().forEach(k -> origins.put(k, "default (local stack)"));

        Optional<Path> file = configFile.or(() -> Optional.ofNullable(environment.get("OFCTL_CONFIG")).map(Path::of))
                .or(() -> discover(environment, workingDirectory));
        if (file.isPresent()) {
            Path path = file.get();
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read the config file " + path);
            }
            read(path).forEach((key, value) -> {
                values.put(key, value);
                origins.put(key, path.toString());
            });
        }
        WELL_KNOWN_VARIABLES.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
                origins.put(key, "$" + variable);
            }
        });
        environment.forEach((variable, value) -> {
            if (variable.startsWith("OFCTL_") && !variable.equals("OFCTL_CONFIG") && !variable.equals("OFCTL_HOME")) {
                String key = keyOf(variable, values.keySet());
                values.put(key, value);
                origins.put(key, "$" + variable);
            }
        });
        given.forEach((key, value) -> {
            values.put(key, value);
            origins.put(key, "--set");
        });
        return new Settings(values, origins);
    }

    /** OFCTL_GATEWAY_URL -> gateway.url; for a known key the spelling of its dashes is kept. */
    private static String keyOf(String variable, java.util.Collection<String> known) {
        return Stream.concat(known.stream(), Stream.of(Settings.TOKEN, Settings.GATEWAY_TOKEN, Settings.EXCHANGE_API_KEY,
                        Settings.EXCHANGE_API_SECRET, Settings.GATEWAY_PID_FILE, Settings.TELEMETRY_ARCHIVE_DIR))
                .filter(k -> environmentName(k).equals(variable))
                .findFirst()
                .orElseGet(() -> variable.substring("OFCTL_".length()).toLowerCase(Locale.ROOT).replaceFirst("_", "."));
    }

    static Optional<Path> discover(Map<String, String> environment, Path workingDirectory) {
        List<Optional<Path>> candidates = List.of(
                Optional.ofNullable(environment.get("ORDERFLOW_RUN_DIR")).map(d -> Path.of(d, LOCAL_FILE)),
                Optional.ofNullable(environment.get("OFCTL_HOME")).map(d -> Path.of(d, ".run", "local", LOCAL_FILE)),
                Optional.of(workingDirectory).map(d -> d.resolve(".run/local").resolve(LOCAL_FILE)),
                Optional.ofNullable(workingDirectory.getParent()).map(d -> d.resolve(".run/local").resolve(LOCAL_FILE)),
                Optional.ofNullable(environment.get("HOME")).map(h -> Path.of(h, ".config", "ofctl", LOCAL_FILE)));
        return candidates.stream().flatMap(Optional::stream).filter(Files::isReadable).findFirst();
    }

    private static Map<String, String> read(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
        return values;
    }
}
