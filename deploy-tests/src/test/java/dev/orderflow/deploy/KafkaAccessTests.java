package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.id;
import static dev.orderflow.deploy.Manifests.name;
import static dev.orderflow.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka on Kubernetes: clients authenticate, and each one is a KafkaUser whose ACLs let it write only
 * the topics it owns. Checked on the rendered overlays and against each service's own channel
 * configuration, so a channel added without its ACL fails here rather than in the cluster.
 */
class KafkaAccessTests {

    /** Who may write each topic (DESIGN: the gateway alone writes orders.events; orders.commands only the reconciler and ofctl). */
    private static final Map<String, Set<String>> WRITERS = Map.of(
            Topics.ORDER_INTENTS, Set.of("order-gateway"),
            Topics.ORDER_EVENTS, Set.of("order-gateway"),
            Topics.ORDER_DECISIONS, Set.of("risk-guards"),
            Topics.ORDER_COMMANDS, Set.of("reconciler", "ofctl"),
            Topics.ALERTS, Set.of("telemetry-service"),
            Topics.RECONCILIATION, Set.of("reconciler"),
            Topics.TELEMETRY, Set.of("risk-guards"),
            Topics.HEARTBEATS, Set.of("order-gateway", "risk-guards", "reconciler", "telemetry-service", "paper-exchange"));

    /** Topics a service writes with a producer of its own rather than a channel. */
    private static final Map<String, Set<String>> WRITTEN_OUTSIDE_CHANNELS = Map.of(
            "order-gateway", Set.of(Topics.ORDER_INTENTS, Topics.ORDER_EVENTS)); // the outbox relay

    private record Acl(String resourceType, String name, String patternType, Set<String> operations) {

        boolean covers(String type, String resource, String operation) {
            boolean named = patternType.equals("prefix") ? resource.startsWith(name) : resource.equals(name);
            return resourceType.equals(type) && named && (operations.contains(operation)
                    || (operation.equals("Describe") && (operations.contains("Read") || operations.contains("Write"))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "full", "paper", "phase-1-core-safety" })
    void clientsAuthenticateOverTlsAndTheBrokerAuthorises(String overlay) {
        List<JsonNode> objects = Manifests.overlayObjects(overlay);
        JsonNode kafka = ofKind(objects, "Kafka").getFirst();
        assertThat(kafka.path("spec").path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
        JsonNode listeners = kafka.path("spec").path("kafka").path("listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.path("authentication").path("type").asText()).as(listener.path("name").asText()).isEqualTo("scram-sha-512");
            assertThat(listener.path("tls").asBoolean()).as(listener.path("name").asText()).isTrue();
        });
        JsonNode config = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).startsWith("orderflow-config-")).findFirst().orElseThrow();
        assertThat(config.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText()).endsWith(":" + listeners.get(0).path("port").asInt());
        assertThat(config.path("data").path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(config.path("data").path("KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");

        Set<String> users = new HashSet<>(ofKind(objects, "KafkaUser").stream().map(Manifests::name).toList());
        for (JsonNode deployment : ofKind(objects, "Deployment")) {
            JsonNode container = RenderedOverlaysTests.container(deployment);
            JsonNode jaas = StreamSupport.stream(container.path("env").spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst()
                    .orElseThrow(() -> new AssertionError(id(deployment) + " has no Kafka credentials"));
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("name").asText()).as(id(deployment) + " signs in as itself")
                    .isEqualTo(name(deployment)).isIn(users);
            assertThat(jaas.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("sasl.jaas.config");
            String truststore = config.path("data").path("KAFKA_SSL_TRUSTSTORE_LOCATION").asText();
            assertThat(container.path("volumeMounts").toString()).as(id(deployment) + " mounts the cluster CA")
                    .contains("\"mountPath\":\"" + Path.of(truststore).getParent() + "\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "full", "paper" })
    void onlyTheOwnersOfATopicMayWriteIt(String overlay) {
        Map<String, List<Acl>> acls = acls(Manifests.overlayObjects(overlay));
        for (String topic : Topics.ALL.stream().map(Topics.TopicSpec::name).toList()) {
            Set<String> writers = new TreeSet<>();
            acls.forEach((user, rules) -> {
                if (rules.stream().anyMatch(a -> a.covers("topic", topic, "Write"))) {
                    writers.add(user);
                }
            });
            Set<String> expected = new TreeSet<>(WRITERS.get(topic));
            if (!overlay.equals("paper")) {
                expected.remove("paper-exchange");
            }
            assertThat(writers).as("writers of %s", topic).isEqualTo(expected);
        }
        acls.forEach((user, rules) -> assertThat(rules).as(user).allSatisfy(acl -> {
            assertThat(acl.name()).as("%s: no wildcard resource", user).isNotEqualTo("*");
            assertThat(acl.operations()).as("%s: no All operation", user).doesNotContain("All");
            assertThat(acl.resourceType()).as("%s: topics and groups only", user).isIn("topic", "group");
        }));
    }

    @ParameterizedTest
    @ValueSource(strings = { "order-gateway", "risk-guards", "reconciler", "telemetry-service", "paper-exchange" })
    void everyChannelOfAServiceIsAllowedByItsAcls(String service) throws IOException {
        List<Acl> acls = acls(Manifests.overlayObjects("paper")).get(service);
        assertThat(acls).as("KafkaUser " + service).isNotNull();
        Properties config = serviceConfig(service);
        Pattern channel = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic");
        List<String> checked = new ArrayList<>();
        for (String key : config.stringPropertyNames()) {
            Matcher m = channel.matcher(key);
            if (!m.matches() || "smallrye-in-memory".equals(config.getProperty("mp.messaging." + m.group(1) + "." + m.group(2) + ".connector"))) {
                continue;
            }
            String topic = config.getProperty(key);
            if (m.group(1).equals("outgoing")) {
                assertThat(acls).as("%s writes %s (channel %s)", service, topic, m.group(2)).anyMatch(a -> a.covers("topic", topic, "Write"));
            } else {
                String group = config.getProperty("mp.messaging.incoming." + m.group(2) + ".group.id", config.getProperty("quarkus.application.name"));
                String groupPrefix = group.contains("${") ? group.substring(0, group.indexOf("${")) : group;
                assertThat(acls).as("%s reads %s (channel %s)", service, topic, m.group(2)).anyMatch(a -> a.covers("topic", topic, "Read"));
                assertThat(acls).as("%s uses the group %s", service, group).anyMatch(a -> a.covers("group", groupPrefix, "Read")
                        && (a.patternType().equals("prefix") || !group.contains("${")));
            }
            checked.add(topic);
        }
        for (String topic : WRITTEN_OUTSIDE_CHANNELS.getOrDefault(service, Set.of())) {
            assertThat(acls).as("%s writes %s", service, topic).anyMatch(a -> a.covers("topic", topic, "Write"));
        }
        assertThat(checked).as("channels of " + service).contains(Topics.HEARTBEATS);
    }

    private static Map<String, List<Acl>> acls(List<JsonNode> objects) {
        Map<String, List<Acl>> byUser = new TreeMap<>();
        for (JsonNode user : ofKind(objects, "KafkaUser")) {
            assertThat(user.path("spec").path("authentication").path("type").asText()).as(id(user)).isEqualTo("scram-sha-512");
            assertThat(user.path("spec").path("authorization").path("type").asText()).as(id(user)).isEqualTo("simple");
            List<Acl> rules = new ArrayList<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                Set<String> operations = new HashSet<>();
                acl.path("operations").forEach(o -> operations.add(o.asText()));
                JsonNode resource = acl.path("resource");
                rules.add(new Acl(resource.path("type").asText(), resource.path("name").asText(),
                        resource.path("patternType").asText("literal"), operations));
            }
            byUser.put(name(user), rules);
        }
        return byUser;
    }

    /** The service's own settings over the platform's defaults, without test-profile lines. */
    private static Properties serviceConfig(String service) throws IOException {
        Properties merged = new Properties();
        for (Path file : List.of(Manifests.ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"),
                Manifests.ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                    .forEach(k -> merged.setProperty(k, properties.getProperty(k)));
        }
        return merged;
    }
}
