package dev.orderflow.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the packaged paper exchange ({@code paper-exchange/target/quarkus-app/quarkus-run.jar}
 * under the project root given by the system property {@code orderflow.project.root}) as a child
 * process on a free loopback port, with its own Postgres database, the test JVM's Kafka broker, a
 * known API key/secret and seed. Waits for {@code /q/health/ready} and gives the test application:
 * {@code exchange.base-url}, {@code exchange.ws-url}, {@code exchange.api-key},
 * {@code exchange.api-secret}. The process is killed on stop.
 *
 * <p>Use with {@code @WithTestResource(PaperExchangeResource.class)} (a module using it declares a
 * test-scope dependency on {@code dev.orderflow:paper-exchange} with {@code <type>pom</type>} so
 * the exchange is packaged first). Init args ({@code @ResourceArg}) starting with {@code paper.} or
 * {@code quarkus.} are passed to the exchange as configuration, e.g.
 * {@code paper.rate-limits.orders-per-10s=1000} or {@code paper.refresh-interval=100ms}; {@code seed}
 * is short for {@code paper.seed}.
 *
 * <p>Faults are injected through {@link #adminUrl()} ({@code POST /admin/faults}, reset with
 * {@code DELETE /admin/faults}). Outside Quarkus tests, {@link #launch(Map)} starts an instance.
 */
public class PaperExchangeResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "paper-test-key";
    public static final String API_SECRET = "paper-test-secret";
    public static final long SEED = 42;

    private static volatile Instance current;

    private final Map<String, String> settings = new LinkedHashMap<>();
    private Instance instance;

    @Override
    public void init(Map<String, String> initArgs) {
        initArgs.forEach((key, value) -> {
            if (key.equals("seed")) {
                settings.put("paper.seed", value);
            } else if (key.startsWith("paper.") || key.startsWith("quarkus.") || key.startsWith("orderflow.")
                    || key.startsWith("ENABLE_") || key.startsWith("LIVE_")) {
                settings.put(key, value);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        instance = launch(settings);
        current = instance;
        return instance.config();
    }

    @Override
    public void stop() {
        if (instance != null) {
            instance.close();
            if (current == instance) {
                current = null;
            }
            instance = null;
        }
    }

    /** Base URL ({@code http://127.0.0.1:port}) of the running instance. */
    public static String baseUrl() {
        return running().baseUrl();
    }

    /** Admin API root ({@code http://127.0.0.1:port/admin}) of the running instance. */
    public static String adminUrl() {
        return running().adminUrl();
    }

    /** Admin API root for a given exchange base URL. */
    public static String adminUrl(String baseUrl) {
        return baseUrl.replaceAll("/+$", "") + "/admin";
    }

    private static Instance running() {
        Instance instance = current;
        if (instance == null) {
            throw new IllegalStateException("No paper exchange is running: use @WithTestResource(PaperExchangeResource.class)");
        }
        return instance;
    }

    /**
     * Starts a paper exchange process with {@link #API_KEY}/{@link #API_SECRET}, seed {@link #SEED}
     * and these configuration overrides; close it when done.
     */
    public static Instance launch(Map<String, String> overrides) {
        Path root = Path.of(System.getProperty("orderflow.project.root", "."));
        Path jar = root.resolve("paper-exchange/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Paper exchange not packaged: " + jar.toAbsolutePath()
                    + " is missing (build it with -pl paper-exchange -am package, or depend on dev.orderflow:paper-exchange <type>pom</type>)");
        }
        int port = KafkaBroker.freePort();
        PostgresDatabase database = PostgresDatabase.create("paper");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", String.valueOf(port));
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.username());
        config.put("quarkus.datasource.password", database.password());
        config.put("kafka.bootstrap.servers", KafkaAndPostgresResource.sharedBroker().bootstrapServers());
        config.put("paper.api-key", API_KEY);
        config.put("paper.api-secret", API_SECRET);
        config.put("paper.seed", String.valueOf(SEED));
        config.put("quarkus.log.console.json.enabled", "false");
        config.putAll(overrides);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());

        Path log = logFile(port);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.remove("PAPER_API_KEY");
        environment.remove("PAPER_API_SECRET");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            database.close();
            throw new IllegalStateException("Cannot start the paper exchange: " + e.getMessage(), e);
        }
        Instance instance = new Instance(process, port, database, log);
        Thread hook = new Thread(instance::close, "paper-exchange-stop-" + port);
        Runtime.getRuntime().addShutdownHook(hook);
        instance.hook = hook;
        try {
            instance.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    private static Path logFile(int port) {
        Path target = Path.of("target");
        Path dir = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve("paper-exchange-" + port + ".log").toAbsolutePath();
    }

    /** A running paper exchange process. */
    public static final class Instance implements AutoCloseable {

        private final Process process;
        private final int port;
        private final PostgresDatabase database;
        private final Path log;
        private Thread hook;
        private boolean closed;

        private Instance(Process process, int port, PostgresDatabase database, Path log) {
            this.process = process;
            this.port = port;
            this.database = database;
            this.log = log;
        }

        public int port() {
            return port;
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        public String wsUrl() {
            return "ws://127.0.0.1:" + port;
        }

        public String adminUrl() {
            return baseUrl() + "/admin";
        }

        public String apiKey() {
            return API_KEY;
        }

        public String apiSecret() {
            return API_SECRET;
        }

        /** Where the process writes its console output. */
        public Path logFile() {
            return log;
        }

        /** The exchange.* configuration a client service needs. */
        public Map<String, String> config() {
            Map<String, String> out = new HashMap<>();
            out.put("exchange.base-url", baseUrl());
            out.put("exchange.ws-url", wsUrl());
            out.put("exchange.api-key", API_KEY);
            out.put("exchange.api-secret", API_SECRET);
            return out;
        }

        private void awaitReady(Duration timeout) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Paper exchange exited with " + process.exitValue() + ":\n" + tail());
                }
                try {
                    if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("Paper exchange not ready within " + timeout + ":\n" + tail());
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            database.close();
            if (hook != null && Thread.currentThread() != hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down
                }
            }
        }
    }
}
