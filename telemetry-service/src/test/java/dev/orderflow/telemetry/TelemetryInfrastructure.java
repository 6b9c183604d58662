package dev.orderflow.telemetry;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The broker, one database and one archive directory for every application start of this test
 * JVM: a later start (another profile) finds what the earlier one left, as a restarted service
 * finds its Postgres, its consumer group and its archive volume. Each start loads test classes
 * afresh, so what must outlive a start is kept in system properties.
 */
public class TelemetryInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "orderflow.telemetry-tests.";

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            if (System.getProperty(PREFIX + "archive") == null) {
                PostgresDatabase database = PostgresDatabase.create("oftelemetry");
                Path archive;
                try {
                    archive = Files.createTempDirectory("telemetry-archive");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty(PREFIX + "url", database.jdbcUrl());
                System.setProperty(PREFIX + "username", database.username());
                System.setProperty(PREFIX + "password", database.password());
                System.setProperty(PREFIX + "archive", archive.toString());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> removeAll(database, archive), "telemetry-test-cleanup"));
            }
        }
        Map<String, String> config = new java.util.HashMap<>(TestTokens.configuration());
        config.putAll(Map.of(
                "quarkus.datasource.jdbc.url", System.getProperty(PREFIX + "url"),
                "quarkus.datasource.username", System.getProperty(PREFIX + "username"),
                "quarkus.datasource.password", System.getProperty(PREFIX + "password"),
                "kafka.bootstrap.servers", KafkaAndPostgresResource.sharedBroker().bootstrapServers(),
                "telemetry.archive.dir", System.getProperty(PREFIX + "archive")));
        return config;
    }

    public static Path archive() {
        return Path.of(System.getProperty(PREFIX + "archive"));
    }

    /** Keeps a value for a test that runs after the next application start. */
    static void remember(String key, String value) {
        System.setProperty(PREFIX + "evidence." + key, value);
    }

    static String recalled(String key) {
        return System.getProperty(PREFIX + "evidence." + key);
    }

    @Override
    public void stop() {
        // Kept for the next start; removed when the JVM exits.
    }

    private static void removeAll(PostgresDatabase database, Path archive) {
        database.close();
        try (Stream<Path> paths = Files.walk(archive)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not remove " + archive + ": " + e.getMessage());
        }
    }
}
