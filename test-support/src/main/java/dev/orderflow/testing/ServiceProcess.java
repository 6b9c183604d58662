package dev.orderflow.testing;

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
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as a child process on
 * a free loopback port, as it runs in production: its own JVM, configured by environment variables.
 * It accepts the {@link TestTokens}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final int port;
    private final Process process;
    private final Path output;
    private final Thread stopOnExit;
    private boolean closed;

    private ServiceProcess(String module, int port, Process process, Path output) {
        this.module = module;
        this.port = port;
        this.process = process;
        this.output = output;
        this.stopOnExit = new Thread(this::close, module + "-stop-" + port);
        Runtime.getRuntime().addShutdownHook(stopOnExit); // no orphan JVM when a test run is killed
    }

    /** Starts the module's packaged jar with these environment variables added to the test's own. */
    public static ServiceProcess start(String module, Map<String, String> environment) {
        return start(module, environment, Map.of());
    }

    /**
     * Starts the module's packaged jar on a free loopback port. Environment variables are added to the
     * test's own (a {@code null} value removes one); {@code properties} become {@code -Dkey=value}.
     */
    public static ServiceProcess start(String module, Map<String, String> environment, Map<String, String> properties) {
        Path jar = projectRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package " + module + " first (-pl " + module + " -am package)");
        }
        int port = KafkaBroker.freePort();
        try {
            Path output = logFile(module, port);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            Map<String, String> settings = new LinkedHashMap<>(TestTokens.configuration());
            settings.putAll(properties);
            settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("ORDERFLOW_HTTP_PORT", String.valueOf(port));
            environment.forEach((key, value) -> {
                if (value == null) {
                    env.remove(key);
                } else {
                    env.put(key, value);
                }
            });
            return new ServiceProcess(module, port, builder.start(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + module, e);
        }
    }

    /** The module's console output goes to target/ when the test runs in a module, else to a temp file. */
    private static Path logFile(String module, int port) throws IOException {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target.resolve(module + "-" + port + ".log").toAbsolutePath()
                : Files.createTempFile(module + "-" + port + "-", ".log");
    }

    /** Environment that points a service at the test broker and database. */
    public static Map<String, String> infrastructure(KafkaBroker broker, PostgresDatabase database) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("ORDERFLOW_DB_URL", database.jdbcUrl());
        env.put("ORDERFLOW_DB_USER", database.username());
        env.put("ORDERFLOW_DB_PASSWORD", database.password());
        return env;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The operating system's id of the service's JVM (for its RSS in /proc, for example). */
    public long pid() {
        return process.pid();
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the process output otherwise. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(module + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (status("/q/health/ready") == 200) {
                return this;
            }
            sleep(250);
        }
        throw new AssertionError(module + " not ready within " + timeout + ":\n" + tail());
    }

    /**
     * Kills the JVM at once (SIGKILL), as a crash or an out-of-memory kill does: no shutdown hook runs, so
     * the service leaves its consumer groups and leases behind. Returns when the process is gone.
     */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the JVM is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end on its own and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(module + " still running after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the process writes its console output. */
    public Path logFile() {
        return output;
    }

    private String tail() {
        String[] lines = output().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The repository root: set by the build (orderflow.project.root), else the nearest folder holding mvnw. */
    public static Path projectRoot() {
        String configured = System.getProperty("orderflow.project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Cannot find the project root; set -Dorderflow.project.root");
        }
        return dir;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
