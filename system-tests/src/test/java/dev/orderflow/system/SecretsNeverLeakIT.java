package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.Cleanup;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.KafkaBroker;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import dev.orderflow.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every service runs with secrets of its own, given the way production gives them (environment variables
 * from Secrets, the token hashes from a mounted properties file, a database role with a password). Traffic
 * that makes each service log and answer (orders filled and refused, operations endpoints, exchange errors,
 * a crash and restart, ofctl), then every log line, every HTTP answer, ofctl's output, every event on every
 * topic, the telemetry archive and every stored row are searched for each secret and its obvious
 * encodings: none may appear.
 */
class SecretsNeverLeakIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<String> FINAL = Set.of("FILLED", "BLOCKED", "CANCELED", "REJECTED", "EXPIRED");
    private static final List<String> SERVICES = List.of("reconciler", "risk-guards", "telemetry-service", "order-gateway");

    /** Each secret of the run, by name; random so that a hit can only come from the value given. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    private static String apiKey;
    private static String apiSecret;
    private static String trader;
    private static String operator;
    private static String monitoring;
    private static String exchangeAdmin;
    private static String dbPassword;

    private static KafkaBroker broker;
    private static PostgresDatabase database;
    private static String role;
    private static Path runDir;
    private static ServiceProcess paper;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static final List<ServiceProcess> stopped = new ArrayList<>();
    private static Map<String, String> environment;
    /** The Authorization header of every request the test sent. */
    private static final List<String> sent = new ArrayList<>();
    /** The output of every ofctl run, by its command line. */
    private static final Map<String, String> ofctlOutputs = new LinkedHashMap<>();
    /** Every answer the test received: status, headers and body. */
    private static final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void startServices() throws Exception {
        apiKey = secret("apikey");
        apiSecret = secret("apisecret");
        trader = secret("trader");
        operator = secret("operator");
        monitoring = secret("monitoring");
        exchangeAdmin = secret("exchangeadmin");
        dbPassword = secret("dbpassword");
        String kafkaPassword = secret("kafkapassword");

        broker = KafkaAndPostgresResource.sharedBroker();
        database = PostgresDatabase.create("secrets");
        role = database.name() + "_role";
        admin("CREATE ROLE " + role + " LOGIN PASSWORD '" + dbPassword + "'");
        admin("ALTER DATABASE " + database.name() + " OWNER TO " + role);

        runDir = Files.createTempDirectory("secrets-run-");
        // the services get only the tokens' hashes, from a mounted file, as on Kubernetes
        Path tokens = runDir.resolve("api-tokens.properties");
        Files.writeString(tokens, String.join("\n",
                "orderflow.auth.tokens.\"" + TestTokens.sha256(trader) + "\"=orders:read orders:write",
                "orderflow.auth.tokens.\"" + TestTokens.sha256(operator) + "\"=orders:read orders:write trading-state:write guards:read "
                        + "guards:evaluate reconciler:read telemetry:read ops:read ops:admin",
                "orderflow.auth.tokens.\"" + TestTokens.sha256(monitoring) + "\"=ops:read",
                "orderflow.auth.tokens.\"" + TestTokens.sha256(exchangeAdmin) + "\"=exchange:admin", ""));

        environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        // unused on the test broker's plaintext listener, but every Kafka client of every service is given it
        environment.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"orderflow\" password=\"" + kafkaPassword + "\";");
        environment.put("ORDERFLOW_DB_URL", database.jdbcUrl());
        environment.put("ORDERFLOW_DB_USER", role);
        environment.put("ORDERFLOW_DB_PASSWORD", dbPassword);
        environment.put("QUARKUS_CONFIG_LOCATIONS", tokens.toString());
        environment.put("ORDERFLOW_LOG_FILE_ENABLED", "true");
        environment.put("ORDERFLOW_SERVICE_HEARTBEAT_INTERVAL", "1s");
        environment.put("TELEMETRY_ARCHIVE_DIR", runDir.resolve("archive").toString());
        RolloutPlan.valuesAt(RolloutPhase.FULL).forEach((flag, value) -> environment.put(flag.envName(), value));

        Map<String, String> paperEnv = new LinkedHashMap<>(environment);
        paperEnv.put("PAPER_API_KEY", apiKey);
        paperEnv.put("PAPER_API_SECRET", apiSecret);
        paperEnv.put("ORDERFLOW_LOG_DIR", runDir.resolve("logs-paper-exchange").toString());
        paper = ServiceProcess.start("paper-exchange", paperEnv, Map.of("paper.rate-limits.orders-per-10s", "1000000",
                "paper.rate-limits.request-weight-per-minute", "1000000"));
        paper.awaitReady(Duration.ofSeconds(120));

        environment.put("EXCHANGE_BASE_URL", paper.baseUrl());
        environment.put("EXCHANGE_WS_URL", "ws://127.0.0.1:" + paper.port());
        environment.put("EXCHANGE_API_KEY", apiKey);
        environment.put("EXCHANGE_API_SECRET", apiSecret);
        environment.put("RECONCILER_PERIODIC_INTERVAL", "5s");
        // the guards' first decisions come from a cold JVM on a loaded machine: the entries must fill, not time out
        environment.put("GATEWAY_GUARDS_TIMEOUT", "20s");
        for (String module : SERVICES) {
            services.put(module, start(module));
        }
        services.values().forEach(s -> s.awaitReady(Duration.ofSeconds(150)));
    }

    private static ServiceProcess start(String module) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("ORDERFLOW_LOG_DIR", runDir.resolve("logs-" + module).toString());
        return ServiceProcess.start(module, env);
    }

    @AfterAll
    static void stopServices() {
        List<AutoCloseable> all = new ArrayList<>(services.values());
        all.addAll(stopped);
        all.add(paper);
        all.add(database);
        all.add(() -> {
            if (role != null) {
                admin("DROP ROLE IF EXISTS " + role);
            }
        });
        // the run's folder holds config files with the secrets in them
        all.add(() -> {
            if (runDir != null) {
                try (Stream<Path> files = Files.walk(runDir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        });
        Cleanup.closeAll(all);
    }

    @Test
    void noSecretAppearsInLogsAnswersOrEvents() throws Exception {
        String run = "sec-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String gateway = services.get("order-gateway").baseUrl();

        // orders filled against the exchange, and orders refused at the door
        assertThat(placeOrder(run + "-1", "BTCUSDT", trader)).isEqualTo(201);
        assertThat(placeOrder(run + "-2", "ETHUSDT", trader)).isEqualTo(201);
        Map<String, String> filled = awaitSettled(gateway, List.of(run + "-1", run + "-2"));
        assertThat(filled.values()).as("entries filled at the exchange").allMatch(s -> s.startsWith("FILLED"));
        assertThat(call("POST", gateway + "/api/v1/orders", trader, "{\"clientOrderId\":\"" + run + "-bad\",\"symbol\":")).isEqualTo(400);
        assertThat(placeOrder(run + "-unknown", "NOPEUSDT", trader)).isBetween(400, 499);
        assertThat(placeOrder(run + "-3", "BTCUSDT", "wrong-" + trader)).isEqualTo(401);
        // a secret sent by mistake as a bearer token is not echoed either
        assertThat(placeOrder(run + "-4", "BTCUSDT", apiSecret)).isEqualTo(401);
        assertThat(call("GET", services.get("telemetry-service").baseUrl() + "/api/v1/telemetry", dbPassword, null)).isEqualTo(401);
        assertThat(placeOrder(run + "-5", "BTCUSDT", monitoring)).isEqualTo(403);
        assertThat(call("POST", paper.baseUrl() + "/admin/faults", monitoring, "{\"type\":\"LATENCY\"}")).isEqualTo(403);

        // exchange errors on exits (no guard asks the book first): a 500 and an accepted order answered 503 -1007
        injectFault("{\"type\":\"SERVER_ERROR\",\"symbol\":\"BTCUSDT\",\"times\":2}");
        assertThat(placeOrder(run + "-6", "BTCUSDT", "SELL", "EXIT", trader)).isEqualTo(201);
        injectFault("{\"type\":\"TIMEOUT_AFTER_ACCEPT\",\"symbol\":\"ETHUSDT\",\"times\":1}");
        assertThat(placeOrder(run + "-7", "ETHUSDT", "SELL", "EXIT", trader)).isEqualTo(201);
        Map<String, String> exits = awaitSettled(gateway, List.of(run + "-6", run + "-7"));
        assertThat(call("DELETE", paper.baseUrl() + "/admin/faults", exchangeAdmin, null)).isEqualTo(200);
        // a bad signature and an unknown key straight at the exchange
        assertThat(signedExchangeCall(apiKey, apiSecret + "x")).isEqualTo(400);
        assertThat(signedExchangeCall("unknown-" + apiKey.substring(0, 8), apiSecret)).isEqualTo(401);

        // operations endpoints and every service's API
        for (ServiceProcess service : Stream.concat(services.values().stream(), Stream.of(paper)).toList()) {
            assertThat(call("GET", service.baseUrl() + "/q/flags", monitoring, null)).isEqualTo(200);
            assertThat(call("GET", service.baseUrl() + "/q/metrics", monitoring, null)).isEqualTo(200);
            assertThat(call("GET", service.baseUrl() + "/q/health", null, null)).isEqualTo(200);
            assertThat(call("GET", service.baseUrl() + "/q/openapi", monitoring, null)).isEqualTo(200);
        }
        String telemetry = services.get("telemetry-service").baseUrl();
        assertThat(call("GET", telemetry + "/api/v1/telemetry", operator, null)).isEqualTo(200);
        assertThat(call("GET", telemetry + "/api/v1/services", operator, null)).isEqualTo(200);
        assertThat(call("GET", telemetry + "/api/v1/alerts", operator, null)).isEqualTo(200);
        assertThat(call("GET", services.get("risk-guards").baseUrl() + "/api/v1/guards/settings", operator, null)).isEqualTo(200);
        assertThat(call("POST", services.get("reconciler").baseUrl() + "/api/v1/reconciliation/runs", operator, "")).isEqualTo(200);
        assertThat(call("GET", gateway + "/api/v1/positions", trader, null)).isEqualTo(200);
        assertThat(call("GET", paper.baseUrl() + "/admin/faults", exchangeAdmin, null)).isEqualTo(200);

        // a crash and restart of the gateway, then an order through the restarted one
        ServiceProcess crashed = services.get("order-gateway");
        crashed.kill();
        stopped.add(crashed);
        ServiceProcess restarted = start("order-gateway");
        services.put("order-gateway", restarted);
        restarted.awaitReady(Duration.ofSeconds(120));
        assertThat(placeOrder(run + "-8", "BTCUSDT", trader)).isEqualTo(201);

        // the operator's tool, with the exchange's key and secret in its config file, and once with a wrong secret
        Path ofctlConfig = ofctlConfig("ofctl.properties", apiSecret);
        // status and flags may report problems (exit 3) so soon after a crash: what matters here is what they print
        assertThat(ofctl(ofctlConfig, List.of("status"))).as("ofctl status").isIn(0, 3);
        assertThat(ofctl(ofctlConfig, List.of("flags"))).as("ofctl flags").isIn(0, 3);
        assertThat(ofctl(ofctlConfig, List.of("load", "--orders", "4", "--parallel", "2", "--settle-timeout", "60", "--run-id", run + "-load")))
                .as("ofctl load").isZero();
        assertThat(ofctl(ofctlConfig("ofctl-wrong-secret.properties", "wrong-" + apiSecret), List.of("load", "--orders", "1",
                "--settle-timeout", "30", "--run-id", run + "-wrong"))).as("ofctl load with a wrong exchange secret").isNotZero();

        Map<String, String> orders = awaitSettled(restarted.baseUrl(), List.of(run + "-8"));
        System.out.println("orders: " + filled + " " + exits + " " + orders);
        assertThat(orders.get(run + "-8")).as("an entry through the restarted gateway").startsWith("FILLED");
        call("GET", telemetry + "/api/v1/telemetry", operator, null);

        Map<String, String> produced = new LinkedHashMap<>();
        produced.put("HTTP answers", String.join("\n", answers));
        produced.putAll(ofctlOutputs);
        produced.putAll(logs());
        produced.putAll(events());
        produced.putAll(archive());
        produced.putAll(tables());
        produced.forEach((where, text) -> System.out.printf("searched %s: %,d characters%n", where, text.length()));
        assertThat(produced.keySet()).as("log files searched").filteredOn(k -> k.contains(".jsonl")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(produced.get("topic orders.events")).as("order events searched").contains(run + "-1");
        assertThat(produced.get("topic ops.heartbeats")).as("heartbeats searched").isNotEmpty();
        assertThat(produced.keySet()).as("tables searched").filteredOn(k -> k.startsWith("table ")).hasSizeGreaterThan(10);

        // the search itself finds a secret where one is: each token is in the requests the test sent
        assertThat(search(Map.of("requests sent", String.join("\n", sent)))).as("tokens found in the requests sent")
                .anyMatch(hit -> hit.startsWith("trader (Bearer)")).anyMatch(hit -> hit.startsWith("apisecret (Bearer)"));
        assertThat(search(produced)).as("secrets found in what the run produced").isEmpty();
    }

    private static Path ofctlConfig(String name, String exchangeSecret) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gateway.url", services.get("order-gateway").baseUrl());
        settings.put("guards.url", services.get("risk-guards").baseUrl());
        settings.put("telemetry.url", services.get("telemetry-service").baseUrl());
        settings.put("reconciler.url", services.get("reconciler").baseUrl());
        settings.put("exchange.url", paper.baseUrl());
        settings.put("token", operator);
        settings.put("exchange.api-key", apiKey);
        settings.put("exchange.api-secret", exchangeSecret);
        settings.put("kafka.bootstrap-servers", broker.bootstrapServers());
        Path file = runDir.resolve(name);
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text);
        return file;
    }

    /** Runs the packaged ofctl with this config file; its output is kept for the search. Returns its exit code. */
    private static int ofctl(Path config, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                ServiceProcess.projectRoot().resolve("ofctl/target/quarkus-app/quarkus-run.jar").toString()));
        command.addAll(args);
        Path output = runDir.resolve("ofctl-" + ofctlOutputs.size() + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OFCTL_") || k.startsWith("GATEWAY_") || k.startsWith("EXCHANGE_")
                || k.startsWith("KAFKA_") || k.equals("ORDERFLOW_RUN_DIR"));
        builder.environment().put("OFCTL_CONFIG", config.toString());
        Process process = builder.start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ofctl " + args + " did not end in 150 s:\n" + Files.readString(output));
        }
        String text = Files.readString(output);
        ofctlOutputs.put("ofctl " + String.join(" ", args), text);
        System.out.printf("ofctl %s: exit %d%n%s%n", args, process.exitValue(), text);
        return process.exitValue();
    }

    /** Where each form of each secret occurs, with the text around it. */
    private static List<String> search(Map<String, String> texts) {
        List<String> hits = new ArrayList<>();
        forms().forEach((form, value) -> texts.forEach((where, text) -> {
            int at = text.indexOf(value);
            if (at >= 0) {
                hits.add(form + " in " + where + ": ..." + text.substring(Math.max(0, at - 160), Math.min(text.length(), at + value.length() + 40))
                        .replace('\n', ' ') + "...");
            }
        }));
        return hits;
    }

    /** Each secret, its base64 and hex forms, and the {@code Bearer} header form of each token. */
    private static Map<String, String> forms() {
        Map<String, String> forms = new LinkedHashMap<>();
        SECRETS.forEach((name, value) -> {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            forms.put(name, value);
            forms.put(name + " (base64)", Base64.getEncoder().withoutPadding().encodeToString(bytes));
            forms.put(name + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            forms.put(name + " (hex)", HexFormat.of().formatHex(bytes));
            forms.put(name + " (Bearer)", "Bearer " + value);
        });
        return forms;
    }

    private static String secret(String name) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String value = "s3cr" + name + HexFormat.of().formatHex(random);
        SECRETS.put(name, value);
        return value;
    }

    private static int placeOrder(String coid, String symbol, String token) {
        return placeOrder(coid, symbol, "BUY", "ENTRY", token);
    }

    private static int placeOrder(String coid, String symbol, String side, String intent, String token) {
        String quantity = symbol.equals("ETHUSDT") ? "0.01" : "0.001";
        String body = "{\"clientOrderId\":\"" + coid + "\",\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"type\":\"MARKET\","
                + "\"quantity\":\"" + quantity + "\",\"intent\":\"" + intent + "\",\"strategyId\":\"secrets\"}";
        return call("POST", services.get("order-gateway").baseUrl() + "/api/v1/orders", token, body);
    }

    private static void injectFault(String json) {
        assertThat(call("POST", paper.baseUrl() + "/admin/faults", exchangeAdmin, json)).isEqualTo(201);
    }

    /** GET /api/v3/openOrders signed with this key and secret. */
    private static int signedExchangeCall(String key, String secret) throws Exception {
        String query = "symbol=BTCUSDT&timestamp=" + System.currentTimeMillis();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(paper.baseUrl() + "/api/v3/openOrders?" + query + "&signature="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8))).header("X-MBX-APIKEY", key).GET());
    }

    /** One request; its answer (status, headers, body) is kept for the search. Returns the status. */
    private static int call(String method, String url, String token, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            builder.header("Authorization", TestTokens.bearer(token));
            sent.add(TestTokens.bearer(token));
        }
        builder = json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return send(builder);
    }

    private static int send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            synchronized (answers) {
                answers.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + response.headers().map()
                        + "\n" + response.body());
            }
            return response.statusCode();
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until each order is final (or 60 s passed) and returns its last status and cause. */
    private static Map<String, String> awaitSettled(String gateway, List<String> coids) throws Exception {
        Map<String, String> statuses = new LinkedHashMap<>();
        Instant deadline = Instant.now().plusSeconds(60);
        for (String coid : coids) {
            String status = "";
            while (Instant.now().isBefore(deadline)) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/orders/" + coid))
                        .header("Authorization", TestTokens.bearer(trader)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode order = EventJson.mapper().readTree(response.body());
                    status = order.path("status").asText() + " " + order.path("statusCause").asText("");
                    if (FINAL.contains(order.path("status").asText())) {
                        synchronized (answers) {
                            answers.add("GET " + coid + " -> " + response.body());
                        }
                        break;
                    }
                }
                Thread.sleep(250);
            }
            statuses.put(coid, status);
        }
        return statuses;
    }

    /** The console output and the JSON log file of every process the test started. */
    private static Map<String, String> logs() throws IOException {
        Map<String, String> logs = new LinkedHashMap<>();
        List<ServiceProcess> all = new ArrayList<>(services.values());
        all.addAll(stopped);
        all.add(paper);
        for (ServiceProcess process : all) {
            // the rich console's colours could split a value in two
            logs.put("console " + process.logFile().getFileName(), process.output().replaceAll("\u001b\\[[0-9;]*m", ""));
        }
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl") && !f.startsWith(runDir.resolve("archive"))).toList()) {
                logs.put("log file " + runDir.relativize(file), Files.readString(file));
            }
        }
        return logs;
    }

    /** The telemetry service's audit archive: every event it consumed, as it stored it. */
    private static Map<String, String> archive() throws IOException {
        StringBuilder text = new StringBuilder();
        Path archive = runDir.resolve("archive");
        if (Files.isDirectory(archive)) {
            try (Stream<Path> files = Files.walk(archive)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return Map.of("telemetry archive", text.toString());
    }

    /** Every record of every topic from the beginning: key, headers and value. */
    private static Map<String, String> events() {
        Map<String, String> events = new LinkedHashMap<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            for (Topics.TopicSpec topic : Topics.ALL) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < topic.partitions(); p++) {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                StringBuilder text = new StringBuilder();
                Instant deadline = Instant.now().plusSeconds(30);
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && Instant.now().isBefore(deadline)) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).append(' ');
                        for (Header header : record.headers()) {
                            text.append(header.key()).append('=')
                                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8)).append(' ');
                        }
                        text.append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                }
                events.put("topic " + topic.name(), text.toString());
            }
        }
        return events;
    }

    /**
     * Every row the four services stored (outbox, orders, decisions, runs, figures), as text. The paper
     * exchange's schema is left out: a venue holds its accounts' keys by nature.
     */
    private static Map<String, String> tables() throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        String url = database.jdbcUrl() + "?user=" + role + "&password=" + dbPassword;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (var rows = statement.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    + "WHERE table_schema IN ('gateway', 'guards', 'telemetry', 'reconciler') AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String table : names) {
                StringBuilder text = new StringBuilder();
                try (var rows = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
                tables.put("table " + table, text.toString());
            }
        }
        return tables;
    }

    private static void admin(String sql) throws SQLException {
        String adminUrl = System.getenv().getOrDefault(PostgresDatabase.ADMIN_URL_VARIABLE, "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
