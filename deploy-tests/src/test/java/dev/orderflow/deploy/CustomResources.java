package dev.orderflow.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation of the custom resources that the fabric8 schemas do not cover: Strimzi kinds through
 * Strimzi's own API model, the CloudNativePG Cluster and ScheduledBackup through k8s/schemas (see k8s/schemas/README.md).
 */
final class CustomResources {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);
    private static final Map<String, List<String>> STRIMZI_VERSIONS = Map.of(
            "Kafka", Kafka.VERSIONS, "KafkaNodePool", KafkaNodePool.VERSIONS, "KafkaTopic", KafkaTopic.VERSIONS,
            "KafkaUser", KafkaUser.VERSIONS);
    /** CloudNativePG kinds and their schema files in k8s/schemas. */
    private static final Map<String, String> CNPG = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io_v1_Cluster.schema.json",
            "postgresql.cnpg.io/v1/ScheduledBackup", "postgresql.cnpg.io_v1_ScheduledBackup.schema.json");

    private static final Map<String, Schema> CNPG_SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private CustomResources() {
    }

    static boolean knows(JsonNode object) {
        return isStrimzi(object) || CNPG.containsKey(type(object));
    }

    static List<String> validate(JsonNode object) {
        if (isStrimzi(object)) {
            return validateStrimzi(object);
        }
        if (CNPG.containsKey(type(object))) {
            return cnpgSchema(type(object)).validate(object).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
        }
        throw new IllegalArgumentException("No schema for " + type(object));
    }

    private static boolean isStrimzi(JsonNode object) {
        return object.path("apiVersion").asText().startsWith("kafka.strimzi.io/") && STRIMZI.containsKey(object.path("kind").asText());
    }

    private static String type(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    private static List<String> validateStrimzi(JsonNode object) {
        String kind = object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        String version = object.path("apiVersion").asText().substring("kafka.strimzi.io/".length());
        if (!STRIMZI_VERSIONS.get(kind).contains(version)) {
            problems.add("apiVersion: " + version + " is not one of " + STRIMZI_VERSIONS.get(kind));
        }
        Object model;
        try {
            model = MAPPER.treeToValue(object, STRIMZI.get(kind));
        } catch (IOException e) {
            problems.add(e.getMessage().lines().findFirst().orElse(e.toString()));
            return problems;
        }
        unknownFields(model, "$", problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    /** Every field Strimzi's model did not recognise (it keeps them in getAdditionalProperties()). */
    private static void unknownFields(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.strimzi") && !pkg.startsWith("io.fabric8")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || !method.getName().startsWith("get")
                    || method.getName().equals("getClass")) {
                continue;
            }
            Object result;
            try {
                result = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (result instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            if (result instanceof Map<?, ?>) {
                continue;
            }
            String name = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            unknownFields(result, path + "." + name, problems, seen);
        }
    }

    private static Schema cnpgSchema(String type) {
        return CNPG_SCHEMAS.computeIfAbsent(type, t -> {
            try {
                JsonNode schema = MAPPER.readTree(Manifests.K8S.resolve("schemas").resolve(CNPG.get(t)).toFile());
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
