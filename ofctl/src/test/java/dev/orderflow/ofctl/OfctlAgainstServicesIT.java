package dev.orderflow.ofctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import dev.orderflow.ofctl.OfctlProcess.Result;
import dev.orderflow.testing.Cleanup;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.KafkaBroker;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import dev.orderflow.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every ofctl command against the packaged services, each in its own JVM, on a real broker and real Postgres,
 * ofctl itself run from its packaged jar with a config file, as an operator runs it.
 */
class OfctlAgainstServicesIT {

    private static final String ADMIN_TOKEN = "ofctl-it-operator-" + UUID.randomUUID();
    private static final String OPERATOR_SCOPES = "orders:read orders:write trading-state:write guards:read guards:evaluate "
            + "reconciler:read telemetry:read ops:read ops:admin";
    private static final String TOKEN_PROPERTY = "orderflow.auth.tokens.\"" + TestTokens.sha256(ADMIN_TOKEN) + "\"";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaBroker broker;
    private static PaperExchangeResource.Instance paper;
    private static final List<AutoCloseable> started = new ArrayList<>();
    private static ServiceProcess gateway;
    private static ServiceProcess reconciler;
    private static ServiceProcess telemetry;
    private static ServiceProcess guards;
    private static OfctlProcess ofctl;
    private static Map<String, String> settings;
    private static final Map<String, PostgresDatabase> databases = new HashMap<>();
    private static Path archiveDir;
    private static Map<String, String> telemetryEnvironment;
    private static int telemetryPort;
    private static String telemetryUrl;

    @BeforeAll
    static void startServices() throws Exception {
        broker = KafkaAndPostgresResource.sharedBroker();
        paper = PaperExchangeResource.launch(Map.of("paper.rate-limits.orders-per-10s", "1000000",
                "paper.rate-limits.request-weight-per-minute", "1000000", TOKEN_PROPERTY, OPERATOR_SCOPES));
        started.add(paper);
        Map<String, String> exchange = Map.of("EXCHANGE_BASE_URL", paper.baseUrl(), "EXCHANGE_WS_URL", paper.wsUrl(),
                "EXCHANGE_API_KEY", paper.apiKey(), "EXCHANGE_API_SECRET", paper.apiSecret(),
                "RECONCILER_PERIODIC_INTERVAL", "0s");
        Map<String, String> flags = new HashMap<>();
        RolloutPlan.valuesAt(RolloutPhase.parse("1").orElseThrow()).forEach((flag, value) -> flags.put(flag.envName(), value));

        Map<String, String> tokens = Map.of(TOKEN_PROPERTY, OPERATOR_SCOPES);
        archiveDir = Files.createTempDirectory("ofctl-it-archive");
        reconciler = start("reconciler", exchange, flags, tokens);
        telemetry = start("telemetry-service", exchange, telemetryFlags(flags), tokens);
        guards = start("risk-guards", exchange, flags, tokens);
        gateway = start("order-gateway", exchange, flags, tokens);
        for (ServiceProcess service : List.of(reconciler, telemetry, guards, gateway)) {
            service.awaitReady(Duration.ofSeconds(150));
        }
        telemetryPort = telemetry.port();
        telemetryUrl = telemetry.baseUrl();
        settings = new LinkedHashMap<>();
        settings.put("gateway.url", gateway.baseUrl());
        settings.put("guards.url", guards.baseUrl());
        settings.put("telemetry.url", telemetry.baseUrl());
        settings.put("reconciler.url", reconciler.baseUrl());
        settings.put("exchange.url", paper.baseUrl());
        settings.put("token", ADMIN_TOKEN);
        settings.put("exchange.api-key", paper.apiKey());
        settings.put("exchange.api-secret", paper.apiSecret());
        settings.put("kafka.bootstrap-servers", broker.bootstrapServers());
        settings.put("telemetry.archive-dir", archiveDir.toString());
        ofctl = OfctlProcess.withSettings(Files.createTempDirectory("ofctl-it"), settings);
    }

    /** Telemetry serves the dashboard feed, refreshed every second, and archives where the test reads. */
    private static Map<String, String> telemetryFlags(Map<String, String> flags) {
        Map<String, String> env = new HashMap<>(flags);
        env.put("ENABLE_LIVE_MONITORS", "true");
        env.put("ENABLE_LIVE_DASHBOARD", "true");
        env.put("LIVE_MONITOR_REFRESH_S", "1.0");
        env.put("TELEMETRY_ARCHIVE_DIR", archiveDir.toString());
        return env;
    }

    private static ServiceProcess start(String module, Map<String, String> exchange, Map<String, String> flags, Map<String, String> properties) {
        PostgresDatabase database = PostgresDatabase.create("ofctl");
        started.add(database);
        databases.put(module, database);
        Map<String, String> env = new HashMap<>(ServiceProcess.infrastructure(broker, database));
        env.putAll(exchange);
        env.putAll(flags);
        if (module.equals("telemetry-service")) {
            telemetryEnvironment = Map.copyOf(env);
        }
        ServiceProcess process = ServiceProcess.start(module, env, properties);
        started.add(process);
        return process;
    }

    @AfterAll
    static void stopServices() {
        Cleanup.closeAll(started.reversed());
    }

    @Test
    void statusShowsEveryServiceReadyAndTheTradingState() {
        Result table = ofctl.run("status");
        Result json = ofctl.run("status", "-o", "json");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("order-gateway", "risk-guards", "telemetry-service", "reconciler", "paper-exchange")
                .contains("Trading state:       ACTIVE");
        JsonNode report = json(json);
        assertThat(report.get("services")).hasSize(5).allSatisfy(s -> {
            assertThat(s.get("live").asText()).isEqualTo("UP");
            assertThat(s.get("ready").asText()).isEqualTo("UP");
            assertThat(s.get("flagsHash").asText()).isNotBlank();
        });
        assertThat(report.at("/tradingState/state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void statusOfAStackWithAServiceDownIsACheckThatFails() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result result = ofctl.run("status", "--set", "guards.url=http://127.0.0.1:" + closedPort);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(result.out()).contains("UNREACHABLE").contains("WARNING risk-guards is not live");
    }

    @Test
    void flagsOfOneServiceAndOfAllSideBySide() {
        Result one = ofctl.run("flags", "--service", "gateway", "-o", "json");
        Result all = ofctl.run("flags");

        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(json(one).at("/order-gateway/flags").findValuesAsText("name")).contains("ENABLE_COID_MANAGER");
        assertThat(json(one).at("/order-gateway/flags/0/effective").asText()).isNotBlank();
        // the paper exchange runs with its defaults, the others with phase 1: a disagreement worth a warning
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(all.out()).contains("ENABLE_COID_MANAGER").contains("order-gateway").contains("paper-exchange");
        assertThat(all.err()).contains("WARNING ENABLE_COID_MANAGER differs");
    }

    @Test
    void ordersAreListedShownAndCanceled() throws Exception {
        String coid = "ofctl-it-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postOrder(coid, "LIMIT", "30000.00").statusCode()).isEqualTo(201);
        awaitStatus(coid, "ACKNOWLEDGED");

        Result list = ofctl.run("orders", "list", "--symbol", "BTCUSDT", "--since", "10m");
        Result show = ofctl.run("orders", "show", coid, "-o", "json");
        Result cancel = ofctl.run("orders", "cancel", coid, "--reason", "ofctl test");
        Result missing = ofctl.run("orders", "show", "no-such-order");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("CLIENT ORDER ID").contains(coid);
        assertThat(json(show).get("clientOrderId").asText()).isEqualTo(coid);
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).contains("CANCELED");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("HTTP 404");
    }

    @Test
    void haltStopsNewOrdersAndCancelsOpenOnesUntilResumed() throws Exception {
        String open = "ofctl-halt-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postOrder(open, "LIMIT", "30000.00").statusCode()).isEqualTo(201);
        awaitStatus(open, "ACKNOWLEDGED");
        try {
            Result halt = ofctl.run("trading-state", "halt", "--reason", "ofctl test", "--cancel-open");

            assertThat(halt.exitCode()).as(halt.toString()).isZero();
            assertThat(halt.out()).contains("HALTED (ofctl test)").containsPattern("Canceled [1-9]\\d* open orders");
            assertThat(postOrder("ofctl-refused-" + UUID.randomUUID().toString().substring(0, 8), "MARKET", null).statusCode()).isEqualTo(409);
            awaitStatus(open, "CANCELED");
        } finally {
            Result resume = ofctl.run("trading-state", "resume", "-o", "json");
            assertThat(json(resume).get("state").asText()).isEqualTo("ACTIVE");
        }
    }

    @Test
    void reconciliationRunsOnRequestAndIsListedAndShown() {
        Result run = ofctl.run("reconcile", "run", "-o", "json");
        String runId = json(run).get("runId").asText();
        Result list = ofctl.run("reconcile", "list");
        Result show = ofctl.run("reconcile", "show", runId);

        assertThat(json(run).get("phase").asText()).as(run.toString()).isEqualTo("FINISHED");
        assertThat(run.exitCode()).isIn(ExitCodes.OK, ExitCodes.CHECK_FAILED);
        assertThat(list.out()).contains(runId);
        assertThat(show.out()).contains("Run " + runId + " (PERIODIC, requested by operator): FINISHED");
        Result status = ofctl.run("status");
        assertThat(status.out()).as(status.toString()).containsPattern("Last reconciliation: \\S+ (PERIODIC|STARTUP) FINISHED at \\S+, \\d+ findings");
    }

    @Test
    void auditTailPrintsTheEventsOfOneOrderAsJsonLines() throws Exception {
        String coid = "ofctl-audit-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postOrder(coid, "MARKET", null).statusCode()).isEqualTo(201);
        assertThat(postOrder(coid, "MARKET", null).statusCode()).isEqualTo(200);
        awaitStatus(coid, "FILLED");

        List<String> types = new ArrayList<>();
        Result tail = null;
        for (int attempt = 0; attempt < 20 && !types.contains("ORDER_FILLED"); attempt++) {
            tail = ofctl.run("audit", "tail", "--coid", coid, "--since", "10m", "-o", "json");
            types.clear();
            for (String line : tail.out().lines().toList()) {
                types.add(EventJson.mapper().readTree(line).get("type").asText());
            }
            Thread.sleep(500);
        }
        Result duplicates = ofctl.run("audit", "tail", "--type", "COID_DUPLICATE", "--from-beginning");

        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        assertThat(types).contains("ORDER_ACCEPTED", "ORDER_SUBMITTED", "ORDER_FILLED", "COID_DUPLICATE");
        assertThat(duplicates.out()).contains("COID_DUPLICATE").contains(coid);
    }

    @Test
    void loadWithDuplicatesPassesWithPercentilesAndMemory() {
        Result load = ofctl.run("load", "--orders", "60", "--parallel", "20", "--duplicates", "--settle-timeout", "120",
                "--gateway-pid", String.valueOf(gateway.pid()), "-o", "json");

        JsonNode report = json(load);
        assertThat(load.exitCode()).as(load.toString()).isZero();
        assertThat(report.get("verdict").asText()).isEqualTo("PASS");
        assertThat(report.at("/answers/201").asInt()).isEqualTo(60);
        assertThat(report.at("/answers/200").asInt()).isEqualTo(60);
        assertThat(report.get("ordersAtExchange").asInt()).isEqualTo(60);
        assertThat(report.at("/latencyMs/p99").asDouble()).isPositive();
        assertThat(report.at("/gatewayMemory/before/rssBytes").asLong()).isPositive();
        assertThat(report.at("/gatewayMemory/after/heapBytes").asLong()).isPositive();
    }

    @Test
    void loadFindsADuplicatePlantedAtTheExchange() throws Exception {
        String run = "planted" + UUID.randomUUID().toString().substring(0, 4);
        // an order at the venue with an id the load will use: a second order for one request, as a blind resend makes
        assertThat(placeAtExchange("load-" + run + "-3")).isEqualTo(200);

        Result load = ofctl.run("load", "--orders", "10", "--parallel", "5", "--run-id", run, "--settle-timeout", "120");

        assertThat(load.exitCode()).as(load.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(load.out()).contains("Duplicates at the exchange: {load-" + run + "-3=2}").contains("Verdict: FAIL");
    }

    @Test
    void usageErrorsAndMissingSettingsHaveTheirExitCodes() {
        Result badStatus = ofctl.run("orders", "list", "--status", "NOPE");
        Result noToken = ofctl.run("positions", "--set", "token=wrong");
        Result help = ofctl.run("load", "--help");

        assertThat(badStatus.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noToken.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(noToken.err()).contains("HTTP 401");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--parallel", "--duplicates");
    }

    @Test
    void alertsShowTheGuidesActionAndExitThreeWhileACriticalOneIsOpen() throws Exception {
        String subject = "ofctl-it/planted-" + UUID.randomUUID().toString().substring(0, 8);
        UUID alertId = UUID.randomUUID();
        // the evaluator raises alerts only after their hold period; one stored as it stores them stands in for it
        telemetrySql("INSERT INTO telemetry.alert (alert_id, rule, subject, metric, severity, observed, threshold, unit, action, message,"
                + " raised_at, updated_at) VALUES ('" + alertId + "', 'HeartbeatMissing', '" + subject + "', 'Heartbeat Missing', 'CRITICAL',"
                + " 75.5, 60, 's', 'Check the instance and its logs', 'no heartbeat for 75.5 s', now(), now())");
        Result open;
        Result json;
        Result warningsOnly;
        try {
            open = ofctl.run("alerts", "--open");
            json = ofctl.run("alerts", "-o", "json");
            warningsOnly = ofctl.run("alerts", "--open", "--severity", "warning");
        } finally {
            telemetrySql("UPDATE telemetry.alert SET resolved_at = now(), updated_at = now() WHERE alert_id = '" + alertId + "'");
        }
        Result afterwards = ofctl.run("alerts", "--since", "10m");
        Result onlyOpen = ofctl.run("alerts", "--open");

        assertThat(open.exitCode()).as(open.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(open.out()).contains("SEVERITY", "RULE", "THRESHOLD", "ACTION")
                .containsPattern("CRITICAL +OPEN +HeartbeatMissing " + subject + " +Heartbeat Missing +75\\.5 s +60 s")
                .contains("Check the instance and its logs");
        assertThat(json(json).get("criticalOpen").asBoolean()).isTrue();
        assertThat(json(json).get("alerts").findValuesAsText("alertId")).contains(alertId.toString());
        assertThat(warningsOnly.exitCode()).as("a critical alert is open, whatever is shown").isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(warningsOnly.out()).doesNotContain(subject);
        assertThat(afterwards.exitCode()).as(afterwards.toString()).isZero();
        assertThat(afterwards.out()).containsPattern("CRITICAL +resolved +HeartbeatMissing " + subject);
        assertThat(onlyOpen.out()).doesNotContain(subject);
    }

    @Test
    void reportsComeAsMarkdownOrJsonToStdoutOrAFile() throws Exception {
        Path dir = Files.createTempDirectory("ofctl-report");
        Path weekly = dir.resolve("weekly.md");

        Result daily = ofctl.run("report", "daily");
        Result dailyJson = ofctl.run("report", "daily", "--format", "json");
        Result toFile = ofctl.run("report", "weekly", "--format", "md", "--out", weekly.toString());
        Result jsonToFile = ofctl.run("report", "weekly", "-o", "json", "--out", dir.resolve("weekly.json").toString());
        Result badKind = ofctl.run("report", "monthly");

        assertThat(daily.exitCode()).as(daily.toString()).isZero();
        assertThat(daily.out()).startsWith("# Daily performance report").contains("## Order flow");
        JsonNode report = json(dailyJson);
        assertThat(report.get("kind").asText()).isEqualTo("daily");
        assertThat(report.has("figures")).as(dailyJson.out()).isTrue();
        assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
        assertThat(toFile.out()).contains("Wrote the weekly report (md) to " + weekly);
        assertThat(Files.readString(weekly)).startsWith("# Weekly review");
        assertThat(EventJson.mapper().readTree(dir.resolve("weekly.json").toFile()).get("kind").asText()).isEqualTo("weekly");
        assertThat(badKind.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void auditGrepFindsAnOrdersEventsInTheArchiveTelemetryWrote() throws Exception {
        String coid = "ofctl-grep-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postOrder(coid, "MARKET", null).statusCode()).isEqualTo(201);
        awaitStatus(coid, "FILLED");

        List<String> events = new ArrayList<>();
        Result json = null;
        for (int attempt = 0; attempt < 40 && !events.contains("ORDER_FILLED"); attempt++) {
            Thread.sleep(500);
            json = ofctl.run("audit", "grep", coid, "-o", "json");
            events.clear();
            for (String line : json.out().lines().toList()) {
                JsonNode archived = EventJson.mapper().readTree(line);
                assertThat(line).contains(coid);
                events.add(archived.get("event").asText());
            }
        }
        Result table = ofctl.run("audit", "grep", "--coid", coid, "--type", "ORDER_FILLED", "--since", "10m");
        Result fromOption = ofctl.run("audit", "grep", coid.toUpperCase(java.util.Locale.ROOT), "-i", "--symbol", "BTCUSDT",
                "--archive", archiveDir.resolve("sessions").toString(), "-o", "json");
        Result none = ofctl.run("audit", "grep", "no-such-order-anywhere");
        Result badPattern = ofctl.run("audit", "grep", "([unclosed");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(events).contains("ORDER_ACCEPTED", "ORDER_SUBMITTED", "ORDER_FILLED");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("TIME", "TYPE").containsPattern("ORDER_FILLED +" + coid)
                .containsPattern("1 matching events in \\d+ of \\d+ archive files under " + java.util.regex.Pattern.quote(archiveDir.toString()));
        assertThat(fromOption.out().lines()).hasSameSizeAs(json.out().lines().toList());
        assertThat(none.out()).contains("0 matching events");
        assertThat(badPattern.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badPattern.err()).contains("PATTERN is not a regular expression");
    }

    @Test
    void dashboardOnceShowsTheFiguresTelemetryServes() throws Exception {
        String coid = "ofctl-dash-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postOrder(coid, "MARKET", null).statusCode()).isEqualTo(201);
        awaitStatus(coid, "FILLED");

        Result once = null;
        long accepted = -1;
        // the figures move while orders of other tests settle: compare a frame with the one served around it
        for (int attempt = 0; attempt < 20; attempt++) {
            long before = dashboard().at("/symbols/BTCUSDT/ordersByState/ACCEPTED").asLong(-1);
            once = ofctl.run("dashboard", "--once", "--width", "140");
            long after = dashboard().at("/symbols/BTCUSDT/ordersByState/ACCEPTED").asLong(-1);
            if (before > 0 && before == after) {
                accepted = after;
                break;
            }
            Thread.sleep(1000);
        }

        assertThat(once.exitCode()).as(once.toString()).isZero();
        assertThat(accepted).as("telemetry counted the orders").isPositive();
        assertThat(once.out()).containsPattern("BTCUSDT +" + accepted + " ")
                .contains("ORDER FLOW, last 5 minutes", "OPEN ALERTS", "HEARTBEATS", "LAST RECONCILIATION", "TREND")
                .contains("Trading state: ACTIVE")
                .doesNotContain("q quit");
        assertThat(once.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(140));
        Result json = ofctl.run("dashboard", "--once", "-o", "json");
        assertThat(json(json).at("/frame/symbols/BTCUSDT/ordersByState/ACCEPTED").asLong()).isGreaterThanOrEqualTo(accepted);
        assertThat(json(json).at("/tradingState/state").asText()).isEqualTo("ACTIVE");
        assertThat(ofctl.run("dashboard", "-o", "json").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void dashboardRunsInARealTerminalResizesReconnectsAndRestoresIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TmuxPane.available(),
                "tmux is not installed (apt-get install -y tmux): the dashboard's terminal test needs a real terminal");
        String coid = "ofctl-tmux-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postOrder(coid, "MARKET", null).statusCode()).isEqualTo(201);
        awaitStatus(coid, "FILLED");
        Path config = ofctl.config();
        String jar = ServiceProcess.projectRoot().resolve("ofctl/target/quarkus-app/quarkus-run.jar").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        try (TmuxPane pane = TmuxPane.start(120, 40, Map.of("OFCTL_CONFIG", config.toString(), "LANG", "C.UTF-8"))) {
            pane.typeLine(TmuxPane.quoted(java) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + TmuxPane.quoted(jar)
                    + " dashboard; echo \"dashboard exit=$?\"");

            String screen = pane.awaitScreen(s -> s.contains("BTCUSDT") && s.contains("LIVE") && s.contains("Trading state: ACTIVE"),
                    Duration.ofSeconds(90), "a frame");
            // orders of earlier tests may still be counted: the screen catches up with each frame
            pane.awaitScreen(s -> Pattern.compile("BTCUSDT +" + acceptedAtTelemetry() + " ").matcher(s).find(),
                    Duration.ofSeconds(30), "the order count telemetry serves");
            assertThat(pane.format("alternate_on")).isEqualTo("1");
            assertThat(pane.format("cursor_flag")).as("cursor hidden while drawing").isEqualTo("0");
            assertThat(rule(screen, "OPEN ALERTS")).hasSize(120);

            pane.resize(90, 30);
            screen = pane.awaitScreen(s -> rule(s, "OPEN ALERTS") != null && rule(s, "OPEN ALERTS").length() == 90,
                    Duration.ofSeconds(20), "the frame redrawn 90 columns wide");
            assertThat(screen.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(90));

            telemetry.close();
            pane.awaitScreen(s -> s.contains("DISCONNECTED since"), Duration.ofSeconds(30), "that telemetry is away");
            restartTelemetry();
            pane.awaitScreen(s -> s.contains("LIVE") && !s.contains("DISCONNECTED"), Duration.ofSeconds(60), "the feed back");

            pane.press("q");
            screen = pane.awaitScreen(s -> s.contains("dashboard exit=0"), Duration.ofSeconds(20), "the dashboard ended");
            assertThat(screen).contains(TmuxPane.PROMPT.strip()).doesNotContain("WARNING", "Exception");
            assertThat(pane.format("alternate_on")).as("back on the main screen").isEqualTo("0");
            assertThat(pane.format("cursor_flag")).as("cursor visible again").isEqualTo("1");
            // the line discipline is back: what is typed is echoed and a line is read as a line
            pane.typeLine("echo typed-$((6*7))");
            pane.awaitScreen(s -> s.contains("echo typed-$((6*7))") && s.contains("typed-42"), Duration.ofSeconds(10), "the shell echoing again");
        }
    }

    /** The section rule of the given title as the pane shows it, or null. */
    private static String rule(String screen, String title) {
        return screen.lines().filter(l -> l.startsWith("\u2501\u2501 " + title)).findFirst().orElse(null);
    }

    private static long acceptedAtTelemetry() {
        try {
            return dashboard().at("/symbols/BTCUSDT/ordersByState/ACCEPTED").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode dashboard() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(telemetryUrl + "/api/v1/dashboard"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    /** Telemetry again on the port, database and archive it had, as a restarted pod would be. */
    private static void restartTelemetry() {
        Map<String, String> env = new HashMap<>(telemetryEnvironment);
        env.put("ORDERFLOW_HTTP_PORT", String.valueOf(telemetryPort));
        telemetry = ServiceProcess.start("telemetry-service", env, Map.of(TOKEN_PROPERTY, OPERATOR_SCOPES));
        started.add(telemetry);
        HttpClient probe = HTTP;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + telemetryPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("telemetry not ready again on port " + telemetryPort + ":\n" + telemetry.output());
    }

    private static void telemetrySql(String sql) throws Exception {
        PostgresDatabase database = databases.get("telemetry-service");
        try (var connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static JsonNode json(Result result) {
        try {
            return EventJson.mapper().readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result, e);
        }
    }

    private static HttpResponse<String> postOrder(String coid, String type, String price) throws Exception {
        String body = "{\"clientOrderId\":\"" + coid + "\",\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"type\":\"" + type
                + "\",\"quantity\":\"" + (price == null ? "0.001" : "0.01") + "\",\"intent\":\"ENTRY\"" + (price == null ? "" : ",\"price\":\"" + price + "\"") + "}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/orders"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStatus(String coid, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/orders/" + coid))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            seen = response.statusCode() == 200 ? EventJson.mapper().readTree(response.body()).get("status").asText() : "HTTP " + response.statusCode();
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(coid + " is " + seen + ", not " + status);
    }

    private static int placeAtExchange(String coid) throws Exception {
        String form = "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newClientOrderId=" + coid + "&timestamp=" + System.currentTimeMillis();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(paper.apiSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signed = form + "&signature=" + HexFormat.of().formatHex(mac.doFinal(form.getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(paper.baseUrl() + "/api/v3/order?" + signed))
                .header("X-MBX-APIKEY", paper.apiKey()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
