package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.id;
import static dev.orderflow.deploy.Manifests.name;
import static dev.orderflow.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.testing.KafkaBroker;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import dev.orderflow.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each packaged service started with the environment a pod of its rendered Deployment gets on a cluster: its
 * {@code env}, the rendered ConfigMaps of its {@code envFrom}, Secrets of the documented shape (docs/deployment.md,
 * step 3) with test values, the files of its Secret volumes, and the service-link variables Kubernetes injects
 * for every Service of the namespace ({@code ORDER_GATEWAY_PORT=tcp://10.96.0.12:8080}, ...). In-cluster
 * addresses are replaced by the test's Postgres, Kafka and paper exchange; the HTTP port by a free one. Once they run,
 * the dashboard's HTTP latency panel is checked against what the gateway serves.
 */
class DeploymentEnvironmentStartupTests {

    private static final String OVERLAY = "paper";
    private static final String API_TOKEN = "deploy-test-token";

    /**
     * Services the operators create in the namespace next to the rendered ones: Strimzi's for the Kafka cluster
     * (headless broker Services get no variables), CloudNativePG's for the database cluster.
     */
    private static final Map<String, List<Integer>> OPERATOR_SERVICES = Map.of(
            "orderflow-kafka-kafka-bootstrap", List.of(9091, 9093),
            "orderflow-db-rw", List.of(5432), "orderflow-db-ro", List.of(5432), "orderflow-db-r", List.of(5432));

    @Test
    void noPodGetsServiceLinks() {
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode deployment : ofKind(Manifests.overlayObjects(overlay), "Deployment")) {
                assertThat(deployment.path("spec").path("template").path("spec").path("enableServiceLinks").isBoolean())
                        .as(overlay + " " + id(deployment) + " sets enableServiceLinks").isTrue();
                assertThat(deployment.path("spec").path("template").path("spec").path("enableServiceLinks").asBoolean())
                        .as(overlay + " " + id(deployment)).isFalse();
            }
        }
    }

    @Test
    void everyDeploymentSetsItsHttpPortUnderANameNoServiceLinkUses() {
        List<JsonNode> objects = Manifests.overlayObjects(OVERLAY);
        Map<String, String> links = serviceLinks(objects);
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            JsonNode container = RenderedOverlaysTests.container(deployment);
            String containerPort = container.path("ports").get(0).path("containerPort").asText();
            assertThat(literalEnv(container)).as(id(deployment)).containsEntry("ORDERFLOW_HTTP_PORT", containerPort);
        }
        assertThat(links.get("ORDER_GATEWAY_PORT")).matches("tcp://10\\.96\\.0\\.\\d+:8080");
        assertThat(links).containsEntry("ORDER_GATEWAY_SERVICE_PORT_HTTP", "8080").doesNotContainKey("ORDERFLOW_HTTP_PORT");
    }

    @Test
    void everyServiceBecomesReadyWithThePodEnvironmentOfItsDeployment(@TempDir Path volumes) throws Exception {
        List<JsonNode> objects = Manifests.overlayObjects(OVERLAY);
        Map<String, JsonNode> deployments = new LinkedHashMap<>();
        ofKind(objects, "Deployment").forEach(d -> deployments.put(name(d), d));
        assertThat(deployments.keySet()).containsExactlyInAnyOrder(
                "order-gateway", "risk-guards", "telemetry-service", "reconciler", "paper-exchange");

        try (KafkaBroker broker = KafkaBroker.start(); PostgresDatabase database = PostgresDatabase.create("ofdeploy")) {
            Map<String, String> addresses = new LinkedHashMap<>();
            addresses.put("orderflow-kafka-kafka-bootstrap:9093", broker.bootstrapServers());
            URI db = URI.create(database.jdbcUrl().substring("jdbc:".length()));
            addresses.put("orderflow-db-rw:5432/orderflow", db.getHost() + ":" + db.getPort() + db.getPath());
            Map<String, Map<String, String>> secrets = new LinkedHashMap<>(Map.of(
                    "orderflow-db", Map.of("username", database.username(), "password", database.password()),
                    "orderflow-exchange", Map.of("api-key", "deploy-test-key", "api-secret", "deploy-test-secret"),
                    "orderflow-api-tokens", Map.of("tokens.properties",
                            "orderflow.auth.tokens.\"" + TestTokens.sha256(API_TOKEN) + "\"=orders:read orders:write ops:read telemetry:read\n"),
                    "orderflow-kafka-cluster-ca-cert", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")));
            // what Strimzi writes for each KafkaUser; the test broker takes plain connections (KAFKA_SECURITY_PROTOCOL below)
            ofKind(objects, "KafkaUser").forEach(user -> secrets.put(name(user), Map.of("password", "deploy-test",
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + name(user) + "\" password=\"deploy-test\";")));
            Map<String, String> links = serviceLinks(objects);

            List<ServiceProcess> started = new ArrayList<>();
            try {
                // the venue first: the gateway's and the reconciler's start-up reconciliation call it
                ServiceProcess paper = start(deployments.remove("paper-exchange"), objects, secrets, links, addresses, volumes);
                started.add(paper);
                paper.awaitReady(Duration.ofSeconds(120));
                addresses.put("paper-exchange:8090", "127.0.0.1:" + paper.port());
                for (JsonNode deployment : deployments.values()) {
                    started.add(start(deployment, objects, secrets, links, addresses, volumes));
                }
                for (ServiceProcess service : started) {
                    service.awaitReady(Duration.ofSeconds(120));
                }
                ServiceProcess gateway = started.stream().filter(s -> s.logFile().getFileName().toString().startsWith("order-gateway"))
                        .findFirst().orElseThrow();
                dashboardLatencyPanelReadsAHistogramTheServicesServe(gateway);
                rolloutChecksReadTheTelemetryService(started.stream()
                        .filter(s -> s.logFile().getFileName().toString().startsWith("telemetry-service")).findFirst().orElseThrow());
            } finally {
                started.forEach(ServiceProcess::close);
            }
        }
    }

    /**
     * deploy/rollout's checks that need no Prometheus read the telemetry service itself: open alerts, duplicate
     * orders, the fill statistics of phase 3 and the live dashboard of phase 4, as a rollout runs them.
     */
    private static void rolloutChecksReadTheTelemetryService(ServiceProcess telemetry) {
        Manifests.ProcessResult result = Manifests.ProcessResult.run(List.of("bash", "-c", "source deploy/lib/k8s.sh && "
                + "check_no_critical_alert && check_no_duplicates && check_fill_telemetry && check_live_dashboard && check_summary"),
                Manifests.ROOT, Map.of("ORDERFLOW_ROOT", Manifests.ROOT.toString(), "ORDERFLOW_SERVICE_URL_TEMPLATE", telemetry.baseUrl(),
                        "ORDERFLOW_OPERATOR_TOKEN", API_TOKEN, "ORDERFLOW_KUBECTL", "false"), 60);
        assertThat(result.stdout()).as(result.stderr())
                // telemetry's own evaluation answers (on a loaded machine a heartbeat may be late enough to raise an alert)
                .containsPattern("\\[(PASS|FAIL)\\] +no open critical alert - telemetry: ")
                .containsPattern("\\[PASS\\] +duplicate orders 0 in the last hour - 0")
                .containsPattern("\\[NOT AVAILABLE\\] +fill telemetry statistics - telemetry counted no entry sent")
                .containsPattern("\\[PASS\\] +live monitors rendering - dashboard frame served \\(refresh 2 s\\)");
    }

    /** The dashboard's "HTTP latency p99" panel: its histogram is served once an API request was answered. */
    private static void dashboardLatencyPanelReadsAHistogramTheServicesServe(ServiceProcess gateway) throws Exception {
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Manifests.K8S.resolve("components/monitoring/grafana-dashboard.json").toFile());
        String expr = dashboard.findParents("title").stream().filter(p -> p.path("title").asText().equals("HTTP latency p99"))
                .findFirst().orElseThrow().findValue("expr").asText();
        Matcher metric = Pattern.compile("rate\\((\\w+)\\[").matcher(expr);
        assertThat(metric.find()).as(expr).isTrue();

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/trading-state"))
                .header("Authorization", "Bearer " + API_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
        String metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/q/metrics"))
                .header("Authorization", "Bearer " + API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines().filter(l -> l.startsWith(metric.group(1) + "{") && l.contains("uri=\"/api/v1/trading-state\"")))
                .as("%s of the gateway", metric.group(1)).hasSizeGreaterThan(10);
    }

    private static ServiceProcess start(JsonNode deployment, List<JsonNode> objects, Map<String, Map<String, String>> secrets,
            Map<String, String> links, Map<String, String> addresses, Path volumes) throws Exception {
        JsonNode container = RenderedOverlaysTests.container(deployment);
        Map<String, String> env = new LinkedHashMap<>(links);
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText();
            assertThat(configMap).as(id(deployment) + " envFrom is a ConfigMap").isNotEmpty();
            configMapData(objects, configMap).forEach(env::put);
        }
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), value(deployment, variable, objects, secrets));
        }
        Map<String, String> mountPaths = mountSecretVolumes(deployment, secrets, volumes);
        env.remove("ORDERFLOW_HTTP_PORT"); // a free port instead of the container's: ServiceProcess sets it
        env.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"); // the test broker has neither TLS nor SCRAM, like its address is not the cluster's
        env.replaceAll((key, value) -> substitute(value, addresses, mountPaths));
        return ServiceProcess.start(name(deployment), env);
    }

    private static String value(JsonNode deployment, JsonNode variable, List<JsonNode> objects, Map<String, Map<String, String>> secrets) {
        String name = variable.path("name").asText();
        if (variable.has("value")) {
            return variable.path("value").asText();
        }
        JsonNode secretRef = variable.path("valueFrom").path("secretKeyRef");
        if (!secretRef.isMissingNode()) {
            Map<String, String> secret = secrets.get(secretRef.path("name").asText());
            assertThat(secret).as(id(deployment) + " " + name + ": Secret " + secretRef.path("name").asText() + " of docs/deployment.md").isNotNull();
            assertThat(secret).as(id(deployment) + " " + name + ": key of Secret " + secretRef.path("name").asText())
                    .containsKey(secretRef.path("key").asText());
            return secret.get(secretRef.path("key").asText());
        }
        JsonNode configMapRef = variable.path("valueFrom").path("configMapKeyRef");
        assertThat(configMapRef.isMissingNode()).as(id(deployment) + " " + name + " has a value this test knows").isFalse();
        return configMapData(objects, configMapRef.path("name").asText()).get(configMapRef.path("key").asText());
    }

    /**
     * Writes each Secret volume's files under {@code volumes} and gives each persistent volume claim an empty
     * folder there; answers mount path to the folder standing in for it.
     */
    private static Map<String, String> mountSecretVolumes(JsonNode deployment, Map<String, Map<String, String>> secrets, Path volumes)
            throws Exception {
        Map<String, String> mountPaths = new LinkedHashMap<>();
        JsonNode podSpec = deployment.path("spec").path("template").path("spec");
        for (JsonNode mount : RenderedOverlaysTests.container(deployment).path("volumeMounts")) {
            for (JsonNode volume : podSpec.path("volumes")) {
                if (!volume.path("name").asText().equals(mount.path("name").asText())) {
                    continue;
                }
                if (volume.has("persistentVolumeClaim")) {
                    // An empty folder stands in for the claim (the telemetry archive).
                    Path dir = Files.createDirectories(volumes.resolve(name(deployment)).resolve(volume.path("name").asText()));
                    mountPaths.put(mount.path("mountPath").asText(), dir.toString());
                    continue;
                }
                if (!volume.has("secret")) {
                    continue;
                }
                Map<String, String> secret = secrets.get(volume.path("secret").path("secretName").asText());
                assertThat(secret).as(id(deployment) + " mounts Secret " + volume.path("secret").path("secretName").asText()).isNotNull();
                Path dir = Files.createDirectories(volumes.resolve(name(deployment)).resolve(volume.path("name").asText()));
                for (JsonNode item : volume.path("secret").path("items")) {
                    Files.writeString(dir.resolve(item.path("path").asText()), secret.get(item.path("key").asText()), StandardCharsets.UTF_8);
                }
                mountPaths.put(mount.path("mountPath").asText(), dir.toString());
            }
        }
        return mountPaths;
    }

    private static String substitute(String value, Map<String, String> addresses, Map<String, String> mountPaths) {
        String result = value;
        for (var address : addresses.entrySet()) {
            result = result.replace(address.getKey(), address.getValue());
        }
        for (var mount : mountPaths.entrySet()) {
            if (result.equals(mount.getKey())) {
                result = mount.getValue();
            }
            result = result.replace(mount.getKey() + "/", mount.getValue() + "/");
        }
        return result;
    }

    private static Map<String, String> configMapData(List<JsonNode> objects, String name) {
        JsonNode configMap = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rendered ConfigMap " + name));
        Map<String, String> data = new LinkedHashMap<>();
        configMap.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Map<String, String> literalEnv(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    /**
     * The variables the kubelet sets in a container for every Service of the namespace with a cluster IP (as it
     * does unless the pod says {@code enableServiceLinks: false}), plus those of the API server, which every pod
     * gets.
     */
    static Map<String, String> serviceLinks(List<JsonNode> objects) {
        Map<String, List<Integer>> services = new LinkedHashMap<>();
        services.put("kubernetes", List.of(443));
        for (JsonNode service : ofKind(objects, "Service")) {
            List<Integer> ports = new ArrayList<>();
            service.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asInt()));
            services.put(name(service), ports);
        }
        services.putAll(OPERATOR_SERVICES);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode service : ofKind(objects, "Service")) {
            String prefix = name(service).toUpperCase(Locale.ROOT).replace('-', '_');
            service.path("spec").path("ports").forEach(p -> {
                if (p.has("name")) {
                    env.put(prefix + "_SERVICE_PORT_" + p.path("name").asText().toUpperCase(Locale.ROOT).replace('-', '_'),
                            p.path("port").asText());
                }
            });
        }
        int host = 1;
        for (var service : services.entrySet()) {
            String prefix = service.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
            String ip = "10.96.0." + (service.getKey().equals("kubernetes") ? 1 : 9 + host++);
            List<Integer> ports = service.getValue();
            env.put(prefix + "_SERVICE_HOST", ip);
            env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.getFirst()));
            env.put(prefix + "_PORT", "tcp://" + ip + ":" + ports.getFirst());
            for (int port : ports) {
                String tcp = prefix + "_PORT_" + port + "_TCP";
                env.put(tcp, "tcp://" + ip + ":" + port);
                env.put(tcp + "_PROTO", "tcp");
                env.put(tcp + "_PORT", String.valueOf(port));
                env.put(tcp + "_ADDR", ip);
            }
        }
        return env;
    }
}
