package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.id;
import static dev.orderflow.deploy.Manifests.name;
import static dev.orderflow.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.flags.FlagFileValidator;
import dev.orderflow.contracts.flags.RolloutPhase;
import dev.orderflow.contracts.flags.RolloutPlan;
import dev.orderflow.contracts.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code kubectl kustomize k8s/overlays/<overlay>} produces, for every overlay. */
class RenderedOverlaysTests {

    /**
     * The health paths every service serves; ServiceOperationsContract (test-support) asserts them on each
     * service's running application.
     */
    private static final Map<String, String> PROBE_PATHS = Map.of(
            "startupProbe", "/q/health/started", "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

    private static final Set<String> ENV_NAMES = Set.of("ORDERFLOW_DB_USER", "ORDERFLOW_DB_PASSWORD");
    /** Plain settings allowed as literals in a container's env; everything else comes from a Secret or a ConfigMap. */
    private static final Set<String> NON_SECRET_LITERALS = Set.of("QUARKUS_CONFIG_LOCATIONS", "ORDERFLOW_HTTP_PORT", "TELEMETRY_ARCHIVE_DIR");
    private static final Set<String> CONFIG_NAMES = Set.of(
            "ORDERFLOW_DB_URL", "KAFKA_BOOTSTRAP_SERVERS", "EXCHANGE_BASE_URL", "EXCHANGE_WS_URL");

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    static RolloutPhase phaseOf(String overlay) {
        return overlay.equals("paper") ? RolloutPhase.FULL : RolloutPhase.parse(overlay).orElseThrow();
    }

    @Test
    void everyOverlayDirectoryIsTested() throws Exception {
        try (var dirs = Files.list(Manifests.K8S.resolve("overlays"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(Manifests.OVERLAYS);
        }
        for (RolloutPhase phase : RolloutPhase.values()) {
            assertThat(Manifests.OVERLAYS).contains(phase.overlay());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectValidatesAgainstItsSchema(String overlay) {
        KubernetesSchemas schemas = KubernetesSchemas.load();
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        assertThat(objects).hasSizeGreaterThan(30);
        Map<String, List<String>> problems = new TreeMap<>();
        for (JsonNode object : objects) {
            List<String> violations;
            if (schemas.knows(object)) {
                violations = schemas.validate(object);
            } else if (CustomResources.knows(object)) {
                violations = CustomResources.validate(object);
            } else {
                violations = List.of("no schema for " + object.path("apiVersion").asText() + " " + object.path("kind").asText());
            }
            if (!violations.isEmpty()) {
                problems.put(id(object), violations);
            }
        }
        assertThat(problems).as("schema violations in overlay " + overlay).isEmpty();
    }

    @Test
    void schemaValidationCatchesMistakes() {
        KubernetesSchemas schemas = KubernetesSchemas.load();
        JsonNode deployment = ofKind(Manifests.overlayObjects("full"), "Deployment").getFirst().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec")).put("replica", 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec").path("template").path("spec")
                .path("containers").get(0).path("readinessProbe").path("httpGet")).put("port", true);
        assertThat(schemas.validate(deployment)).hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(v -> assertThat(v).contains("replica"))
                .anySatisfy(v -> assertThat(v).contains("port"));

        JsonNode topic = ofKind(Manifests.overlayObjects("full"), "KafkaTopic").getFirst().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) topic.path("spec")).put("partition", 3);
        assertThat(CustomResources.validate(topic)).singleElement().asString().contains("partition");

        JsonNode cluster = ofKind(Manifests.overlayObjects("full"), "Cluster").getFirst().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) cluster.path("spec")).put("instances", "three");
        assertThat(CustomResources.validate(cluster)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void flagsConfigMapHoldsExactlyTheRolloutPlanOfThePhase(String overlay) {
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        List<JsonNode> flagMaps = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).startsWith("orderflow-flags-")).toList();
        assertThat(flagMaps).as("one generated (hash-suffixed) flags ConfigMap").hasSize(1);
        JsonNode flags = flagMaps.getFirst();

        Map<String, String> expected = new TreeMap<>();
        RolloutPlan.valuesAt(phaseOf(overlay)).forEach((flag, value) -> expected.put(flag.envName(), value));
        Map<String, String> actual = new TreeMap<>();
        flags.path("data").properties().forEach(e -> actual.put(e.getKey(), e.getValue().asText()));
        assertThat(actual).hasSize(FeatureFlag.values().length).isEqualTo(expected);

        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            List<String> envFrom = StreamSupport.stream(container(deployment).path("envFrom").spliterator(), false)
                    .map(e -> e.path("configMapRef").path("name").asText()).toList();
            assertThat(envFrom).as(id(deployment) + " reads the generated flags ConfigMap").contains(name(flags));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void flagsEnvFileIsThePhasesValuesForTheLocalStack(String overlay) throws Exception {
        Path file = Manifests.K8S.resolve("overlays").resolve(overlay).resolve("flags.env");
        Map<String, String> values = FlagFileValidator.parseEnvFile(Files.readString(file));
        Map<String, String> expected = new LinkedHashMap<>();
        RolloutPlan.valuesAt(phaseOf(overlay)).forEach((flag, value) -> expected.put(flag.envName(), value));
        assertThat(values).containsExactlyEntriesOf(expected);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configValidationPassesOnTheRenderedOverlay(String overlay, @TempDir Path dir) throws Exception {
        Path rendered = Files.writeString(dir.resolve(overlay + ".yaml"), Manifests.renderOverlay(overlay));
        List<FlagFileValidator.Report> reports = FlagFileValidator.validate(rendered);
        assertThat(reports).isNotEmpty().allSatisfy(r -> assertThat(r.problems()).as(r.source()).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasItsObjectsPortsAndProbes(String overlay) {
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        Set<String> expected = overlay.equals("paper") ? Manifests.SERVICE_PORTS.keySet()
                : Set.of("order-gateway", "risk-guards", "telemetry-service", "reconciler");
        assertThat(ofKind(objects, "Deployment")).extracting(Manifests::name).containsExactlyInAnyOrderElementsOf(expected);
        for (String kind : List.of("Service", "ServiceAccount", "PodDisruptionBudget", "ServiceMonitor")) {
            assertThat(ofKind(objects, kind)).as(kind).extracting(Manifests::name).containsAll(expected);
        }
        for (JsonNode monitor : ofKind(objects, "ServiceMonitor")) {
            // /q/metrics answers 401 without a token that has the scope ops:read
            assertThat(monitor.path("spec").path("endpoints")).as(id(monitor)).allSatisfy(endpoint -> {
                assertThat(endpoint.path("authorization").path("type").asText()).isEqualTo("Bearer");
                assertThat(endpoint.path("authorization").path("credentials").path("name").asText()).isEqualTo("orderflow-monitoring-token");
            });
        }
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            String service = name(deployment);
            JsonNode container = container(deployment);
            int port = Manifests.SERVICE_PORTS.get(service);
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(service).isEqualTo(port);
            assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
            PROBE_PATHS.forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(service + " " + probe).isEqualTo(path);
                assertThat(get.path("port").asText()).as(service + " " + probe).isEqualTo("http");
            });
            JsonNode svc = ofKind(objects, "Service").stream().filter(s -> name(s).equals(service)).findFirst().orElseThrow();
            assertThat(svc.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(port);
            assertThat(svc.path("spec").path("selector").path("app.kubernetes.io/name").asText()).isEqualTo(service);
            assertThat(deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText()).isEqualTo(service);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsRunRestricted(String overlay) {
        for (JsonNode deployment : ofKind(Manifests.overlayObjects(overlay), "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = container(deployment);
            String what = id(deployment);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(what).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(what).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(what).isFalse();
            JsonNode security = container.path("securityContext");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(what).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
            assertThat(security.path("capabilities").path("drop").toString()).as(what).isEqualTo("[\"ALL\"]");
            String tmp = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                    .filter(m -> m.path("mountPath").asText().equals("/tmp")).map(m -> m.path("name").asText()).findFirst()
                    .orElseThrow(() -> new AssertionError(what + " mounts nothing at /tmp"));
            assertThat(StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .filter(v -> v.path("name").asText().equals(tmp)).findFirst().orElseThrow().has("emptyDir")).as(what).isTrue();
            JsonNode resources = container.path("resources");
            assertThat(resources.path("requests").path("memory").asText()).as(what).isNotEmpty();
            assertThat(resources.path("requests").path("cpu").asText()).as(what).isNotEmpty();
            assertThat(resources.path("limits").path("memory").asText()).as(what).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsRenderedAndCredentialsComeFromNamedSecrets(String overlay) {
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        assertThat(ofKind(objects, "Secret")).as("Secrets are created by the operator, never shipped").isEmpty();
        for (JsonNode configMap : ofKind(objects, "ConfigMap")) {
            assertThat(configMap.path("data").toString()).as(id(configMap)).doesNotContainIgnoringCase("password=")
                    .doesNotContain("API_SECRET").doesNotContain("API_KEY");
        }
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            Map<String, String> secretRefs = new TreeMap<>();
            List<String> names = new ArrayList<>();
            for (JsonNode env : container(deployment).path("env")) {
                names.add(env.path("name").asText());
                if (!NON_SECRET_LITERALS.contains(env.path("name").asText())) {
                    assertThat(env.has("value")).as(id(deployment) + " " + env.path("name").asText() + " has no literal value").isFalse();
                }
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    secretRefs.put(env.path("name").asText(), ref.path("name").asText());
                }
            }
            assertThat(names).containsAll(ENV_NAMES);
            assertThat(secretRefs).containsEntry("ORDERFLOW_DB_PASSWORD", "orderflow-db");
            secretRefs.remove("KAFKA_SASL_JAAS_CONFIG"); // the service's KafkaUser (KafkaAccessTests)
            assertThat(Set.copyOf(secretRefs.values())).isSubsetOf("orderflow-db", "orderflow-exchange");
            if (Set.of("order-gateway", "reconciler").contains(name(deployment))) {
                assertThat(secretRefs).containsEntry("EXCHANGE_API_KEY", "orderflow-exchange")
                        .containsEntry("EXCHANGE_API_SECRET", "orderflow-exchange");
            }
            // without its token file every call to the service's API and /q/flags would be 401
            JsonNode volume = StreamSupport.stream(deployment.path("spec").path("template").path("spec").path("volumes").spliterator(), false)
                    .filter(v -> v.path("secret").path("secretName").asText().equals("orderflow-api-tokens")).findFirst()
                    .orElseThrow(() -> new AssertionError(id(deployment) + " mounts no orderflow-api-tokens"));
            JsonNode mount = StreamSupport.stream(container(deployment).path("volumeMounts").spliterator(), false)
                    .filter(m -> m.path("name").asText().equals(volume.path("name").asText())).findFirst().orElseThrow();
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            String locations = StreamSupport.stream(container(deployment).path("env").spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("QUARKUS_CONFIG_LOCATIONS")).findFirst().orElseThrow()
                    .path("value").asText();
            assertThat(locations).isEqualTo("file:" + mount.path("mountPath").asText() + "/tokens.properties");
        }
        JsonNode config = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).startsWith("orderflow-config-")).findFirst().orElseThrow();
        Set<String> keys = new java.util.HashSet<>();
        config.path("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsAll(CONFIG_NAMES);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void reconcilerHasAnOrderTtlForUseFirstFillTsForTtlToActOn(String overlay) {
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        JsonNode reconciler = ofKind(objects, "Deployment").stream().filter(d -> name(d).equals("reconciler")).findFirst().orElseThrow();
        List<String> envFrom = StreamSupport.stream(container(reconciler).path("envFrom").spliterator(), false)
                .map(e -> e.path("configMapRef").path("name").asText()).toList();
        JsonNode config = ofKind(objects, "ConfigMap").stream().filter(c -> envFrom.contains(name(c)))
                .filter(c -> c.path("data").has("RECONCILER_ORDER_TTL")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": the reconciler reads no RECONCILER_ORDER_TTL"));
        String ttl = config.path("data").path("RECONCILER_ORDER_TTL").asText();
        assertThat(ttl).as(overlay + " order TTL (0s would turn it off)").matches("[1-9][0-9]*[smhd]");
        assertThat(RolloutPlan.valuesAt(phaseOf(overlay)).get(FeatureFlag.USE_FIRST_FILL_TS_FOR_TTL)).isEqualTo("true");
    }

    @Test
    void paperOverlayPointsTheServicesAtThePaperExchange() {
        JsonNode config = ofKind(Manifests.overlayObjects("paper"), "ConfigMap").stream()
                .filter(c -> name(c).startsWith("orderflow-config-")).findFirst().orElseThrow();
        assertThat(config.path("data").path("EXCHANGE_BASE_URL").asText()).isEqualTo("http://paper-exchange:8090");
        assertThat(config.path("data").path("EXCHANGE_WS_URL").asText()).isEqualTo("ws://paper-exchange:8090");
        assertThat(config.path("data").path("EXCHANGE_VENUE").asText()).as("metrics and events say which venue").isEqualTo("paper");
        for (String overlay : List.of("phase-1-core-safety", "full")) {
            assertThat(ofKind(Manifests.overlayObjects(overlay), "Deployment")).extracting(Manifests::name).doesNotContain("paper-exchange");
        }
    }

    @Test
    void kafkaTopicsAreTheContractsTopics() {
        List<JsonNode> topics = ofKind(Manifests.overlayObjects("full"), "KafkaTopic");
        Map<String, String> actual = topics.stream().collect(Collectors.toMap(
                t -> t.path("spec").path("topicName").asText(),
                t -> t.path("spec").path("partitions").asInt() + " partitions, retention.ms " + t.path("spec").path("config").path("retention.ms").asLong()));
        Map<String, String> expected = Topics.ALL.stream().collect(Collectors.toMap(Topics.TopicSpec::name,
                t -> t.partitions() + " partitions, retention.ms " + t.retentionMs()));
        assertThat(actual).isEqualTo(expected);
        assertThat(topics).allSatisfy(t -> assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                .isEqualTo(name(ofKind(Manifests.overlayObjects("full"), "Kafka").getFirst())));
    }

    @Test
    void componentsSetTheConnectionSettings() {
        JsonNode config = ofKind(Manifests.overlayObjects("full"), "ConfigMap").stream()
                .filter(c -> name(c).startsWith("orderflow-config-")).findFirst().orElseThrow();
        assertThat(config.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("orderflow-kafka-kafka-bootstrap:9093");
        assertThat(config.path("data").path("ORDERFLOW_DB_URL").asText()).isEqualTo("jdbc:postgresql://orderflow-db-rw:5432/orderflow");
        JsonNode cluster = ofKind(Manifests.overlayObjects("full"), "Cluster").getFirst();
        assertThat(cluster.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText()).isEqualTo("orderflow-db");
    }

    @Test
    void theDatabaseIsBackedUpNightlyToTheDocumentedObjectStore() throws Exception {
        List<JsonNode> objects = Manifests.overlayObjects("full");
        JsonNode cluster = ofKind(objects, "Cluster").getFirst();
        JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
        assertThat(store.path("destinationPath").asText()).startsWith("s3://");
        assertThat(store.path("s3Credentials").path("accessKeyId").path("name").asText()).isEqualTo("orderflow-backup-store");
        JsonNode scheduled = ofKind(objects, "ScheduledBackup").getFirst();
        assertThat(scheduled.path("spec").path("cluster").path("name").asText()).isEqualTo(name(cluster));
        assertThat(scheduled.path("spec").path("schedule").asText().split(" ")).as("six cron fields, seconds first").hasSize(6);
        assertThat(scheduled.path("spec").path("method").asText()).isEqualTo("barmanObjectStore");
        String deployment = Files.readString(Manifests.ROOT.resolve("docs/deployment.md"));
        assertThat(deployment).as("the placeholder store is documented").contains(store.path("destinationPath").asText())
                .contains("orderflow-backup-store").contains("--no-backup-check");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aHeapDumpFitsTheVolumeItIsWrittenTo(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        String options = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).startsWith("orderflow-config-")).findFirst()
                .orElseThrow().path("data").path("JAVA_TOOL_OPTIONS").asText();
        Matcher path = Pattern.compile("-XX:HeapDumpPath=(\\S+)").matcher(options);
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
        assertThat(options).contains("-XX:+HeapDumpOnOutOfMemoryError");
        assertThat(path.find() && percent.find()).as(options).isTrue();
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            JsonNode mount = StreamSupport.stream(container(deployment).path("volumeMounts").spliterator(), false)
                    .filter(m -> m.path("mountPath").asText().equals(path.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError(id(deployment) + " mounts no volume at " + path.group(1)));
            JsonNode volume = StreamSupport.stream(deployment.path("spec").path("template").path("spec").path("volumes").spliterator(), false)
                    .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst().orElseThrow();
            long maxHeap = mebibytes(container(deployment).path("resources").path("limits").path("memory").asText())
                    * Long.parseLong(percent.group(1)) / 100;
            assertThat(mebibytes(volume.path("emptyDir").path("sizeLimit").asText()))
                    .as(id(deployment) + ": room for a dump of the largest heap, " + maxHeap + " MiB").isGreaterThanOrEqualTo(maxHeap);
        }
        assertThat(Files.readString(Manifests.ROOT.resolve("docs/runbook.md"))).contains("GC.heap_dump " + path.group(1) + "/");
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertThat(quantity).as("a quantity in Mi or Gi").endsWith("Mi");
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }

    @Test
    void baseRendersWithoutComponents() {
        List<JsonNode> objects = Manifests.objects(Manifests.render("base"));
        assertThat(objects).extracting(o -> o.path("kind").asText()).doesNotContain("Kafka", "Cluster", "ServiceMonitor", "PrometheusRule");
        assertThat(ofKind(objects, "NetworkPolicy")).extracting(Manifests::name)
                .contains("default-deny", "order-gateway-from-strategies", "metrics-from-prometheus");
    }

    @Test
    void onlyTheGatewayTakesTrafficFromStrategies() {
        List<JsonNode> policies = ofKind(Manifests.overlayObjects("paper"), "NetworkPolicy");
        List<JsonNode> fromStrategies = policies.stream().filter(p -> p.path("spec").path("ingress").toString().contains("strategy")).toList();
        assertThat(fromStrategies).singleElement().satisfies(p ->
                assertThat(p.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText()).isEqualTo("order-gateway"));
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }
}
