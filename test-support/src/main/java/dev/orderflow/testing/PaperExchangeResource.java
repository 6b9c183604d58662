package dev.orderflow.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * {@code DELETE /admin/faults}) with the {@link TestTokens#EXCHANGE_ADMIN} token. Outside Quarkus tests, {@link #launch(Map)} starts an instance.
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

    /**
     * Adds a fault to the running instance, e.g. {@code {"type":"DROP_RESPONSE","times":1}} (see
     * docs/paper-exchange.md); returns the admin API's JSON answer (with the fault's {@code id}).
     */
    public static String injectFault(String faultJson) {
        return running().injectFault(faultJson);
    }

    /** Removes every fault of the running instance and forgets its rate-limit counts and bans. */
    public static void clearFaults() {
        running().clearFaults();
    }

    /** Moves a symbol's mid price now; resting orders that the new book crosses fill. */
    public static void moveMid(String symbol, String price) {
        running().moveMid(symbol, price);
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
        PostgresDatabase database = PostgresDatabase.create("paper");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.username());
        config.put("quarkus.datasource.password", database.password());
        config.put("kafka.bootstrap.servers", KafkaAndPostgresResource.sharedBroker().bootstrapServers());
        config.put("paper.api-key", API_KEY);
        config.put("paper.api-secret", API_SECRET);
        config.put("paper.seed", String.valueOf(SEED));
        config.put("quarkus.log.console.json.enabled", "false");
        config.putAll(overrides);
        Map<String, String> environment = new HashMap<>();
        environment.put("PAPER_API_KEY", null); // the test's key, never one from the machine's environment
        environment.put("PAPER_API_SECRET", null);
        ServiceProcess process;
        try {
            process = ServiceProcess.start("paper-exchange", environment, config);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        Instance instance = new Instance(process, database);
        try {
            process.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException | AssertionError e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    /** A running paper exchange process. */
    public static final class Instance implements AutoCloseable {

        private final ServiceProcess process;
        private final PostgresDatabase database;
        private boolean closed;

        private Instance(ServiceProcess process, PostgresDatabase database) {
            this.process = process;
            this.database = database;
        }

        public int port() {
            return process.port();
        }

        public String baseUrl() {
            return process.baseUrl();
        }

        public String wsUrl() {
            return "ws://127.0.0.1:" + port();
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
            return process.logFile();
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

        /** POST /admin/faults; returns the answer body. */
        public String injectFault(String faultJson) {
            return admin("POST", "/faults", faultJson, 201);
        }

        /** DELETE /admin/faults. */
        public void clearFaults() {
            admin("DELETE", "/faults", null, 200);
        }

        /** POST /admin/market/{symbol}/mid. */
        public void moveMid(String symbol, String price) {
            admin("POST", "/market/" + symbol + "/mid", "{\"price\":\"" + price + "\"}", 200);
        }

        private String admin(String method, String path, String json, int expected) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", TestTokens.bearer(TestTokens.EXCHANGE_ADMIN));
            builder = json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                    : builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(method + " " + adminUrl() + path + " answered " + response.statusCode()
                            + ": " + response.body());
                }
                return response.body();
            } catch (IOException e) {
                throw new IllegalStateException("Paper exchange admin API unreachable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            process.close();
            database.close();
        }
    }
}
