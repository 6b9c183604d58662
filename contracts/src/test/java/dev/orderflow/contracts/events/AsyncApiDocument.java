package dev.orderflow.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.orderflow.contracts.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Builds {@code docs/asyncapi.yaml}, the AsyncAPI 3 document of every topic, from the contracts: one
 * channel per topic of {@link Topics#ALL}, one message per {@link EventType} whose payload is the
 * contract's JSON Schema file (referenced, never copied) and whose example is the type's sample payload.
 */
final class AsyncApiDocument {

    /** Where the document lives, relative to the project root; the schema references are relative to it. */
    static final String PATH = "docs/asyncapi.yaml";
    static final String SCHEMA_DIR = "../contracts/src/main/resources";
    /** The contract schemas use only keywords of JSON Schema draft-07 (a test keeps it so), the format AsyncAPI 3 names. */
    static final String SCHEMA_FORMAT = "application/schema+json;version=draft-07";
    static final String KAFKA_BINDING_VERSION = "0.5.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            // every string quoted: an unquoted time would be a YAML 1.1 timestamp to many readers, not the string it is
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());

    private AsyncApiDocument() {
    }

    /** The channel id of a topic: {@code orders.events} becomes {@code ordersEvents}. */
    static String channelId(String topic) {
        String[] parts = topic.split("\\.");
        StringBuilder id = new StringBuilder(parts[0]);
        Arrays.stream(parts).skip(1).forEach(p -> id.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1)));
        return id.toString();
    }

    static ObjectNode build() {
        ObjectNode doc = NODES.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Order Flow Hardening events");
        info.put("version", String.valueOf(EventType.SCHEMA_VERSION));
        info.put("description", """
                Every Kafka topic of Order Flow Hardening, written for consumers that audit or follow the order flow.
                Each record is a CloudEvent 1.0 in Kafka binary mode: the attributes are the ce_* headers, the value \
                is the JSON payload (decimals as strings, UTC ISO-8601 times), validated by the JSON Schema of its \
                type in contracts/src/main/resources/schemas. The record key is the symbol, or the producing \
                service's name on ops.* records that are not about a symbol. Delivery is at least once: deduplicate \
                by ce_id. Generated from the contracts module (AsyncApiDocument) and checked by AsyncApiDocumentTest; \
                docs/events.md says who produces and consumes each type and when.""");
        doc.put("defaultContentType", EventEnvelope.CONTENT_TYPE);
        ObjectNode server = doc.putObject("servers").putObject("kafka");
        server.put("host", "kafka-bootstrap:9092");
        server.put("protocol", "kafka");
        server.put("description", "The installation's Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS; 127.0.0.1:9092 on the local stack).");

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        for (Topics.TopicSpec topic : Topics.ALL) {
            String id = channelId(topic.name());
            ObjectNode channel = channels.putObject(id);
            channel.put("address", topic.name());
            channel.put("description", topic.description() + ".");
            channel.putArray("servers").addObject().put("$ref", "#/servers/kafka");
            ObjectNode messages = channel.putObject("messages");
            ObjectNode operation = operations.putObject("receive" + Character.toUpperCase(id.charAt(0)) + id.substring(1));
            operation.put("action", "receive");
            operation.put("summary", "Consume " + topic.name());
            operation.putObject("channel").put("$ref", "#/channels/" + id);
            ArrayNode operationMessages = operation.putArray("messages");
            for (EventType type : EventType.values()) {
                if (type.topic().equals(topic.name())) {
                    messages.putObject(type.name()).put("$ref", "#/components/messages/" + type.name());
                    operationMessages.addObject().put("$ref", "#/channels/" + id + "/messages/" + type.name());
                }
            }
            ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
            kafka.put("topic", topic.name());
            kafka.put("partitions", topic.partitions());
            kafka.putObject("topicConfiguration").put("retention.ms", topic.retentionMs());
            kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        }

        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEventHeaders", headersSchema());
        ObjectNode messages = components.putObject("messages");
        for (EventType type : EventType.values()) {
            messages.set(type.name(), message(type));
        }
        return doc;
    }

    private static ObjectNode message(EventType type) {
        JsonNode schema = EventSchemas.schemaDocument(type.schemaResource());
        ObjectNode message = NODES.objectNode();
        message.put("name", type.name());
        message.put("title", type.name() + " (" + type.payloadType().getSimpleName() + ")");
        message.put("summary", schema.path("description").asText());
        message.put("contentType", EventEnvelope.CONTENT_TYPE);
        message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
        ObjectNode payload = message.putObject("payload");
        payload.put("schemaFormat", SCHEMA_FORMAT);
        payload.putObject("schema").put("$ref", SCHEMA_DIR + type.schemaResource());
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        ObjectNode keySchema = key.putObject("key");
        keySchema.put("type", "string");
        keySchema.put("description", type.topic().startsWith("ops.")
                ? "the producing service's name, or the symbol for records about one"
                : "the symbol: records of one symbol keep their order within a partition");
        key.put("bindingVersion", KAFKA_BINDING_VERSION);
        ObjectNode example = message.putArray("examples").addObject();
        EventEnvelope<?> sample = new EventEnvelope<>("6f1c2d3e-4b5a-4978-8a1b-2c3d4e5f6a7b", "/" + producerOf(type), type,
                SamplePayloads.T0, subjectOf(type), EventType.SCHEMA_VERSION, SamplePayloads.forType(type));
        example.put("name", "sample");
        ObjectNode headers = example.putObject("headers");
        for (Map.Entry<String, byte[]> header : CloudEventHeaders.toHeaders(sample).entrySet()) {
            headers.put(header.getKey(), new String(header.getValue(), StandardCharsets.UTF_8));
        }
        example.set("payload", EventJson.toTree(sample.data()));
        return message;
    }

    /** The service whose name the sample's {@code ce_source} carries. */
    private static String producerOf(EventType type) {
        return switch (type) {
            case GUARD_DECISION, CACHE_HIT, CACHE_MISS -> "risk-guards";
            case ORDER_COMMAND, RECONCILIATION_RUN -> "reconciler";
            case ALERT -> "telemetry-service";
            default -> "order-gateway";
        };
    }

    private static String subjectOf(EventType type) {
        return switch (type) {
            case HEARTBEAT -> "order-gateway";
            case ALERT -> "DuplicateOrders";
            case RECONCILIATION_RUN -> "run-1";
            case CACHE_HIT, CACHE_MISS -> "BTCUSDT";
            default -> "strat-1:0001";
        };
    }

    private static ObjectNode headersSchema() {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.put("description", "CloudEvents 1.0 attributes, Kafka protocol binding in binary mode (UTF-8 header values).");
        ArrayNode required = schema.putArray("required");
        ObjectNode properties = schema.putObject("properties");
        header(properties, required, CloudEventHeaders.SPEC_VERSION, "CloudEvents version, always " + EventEnvelope.SPEC_VERSION, true)
                .put("const", EventEnvelope.SPEC_VERSION);
        header(properties, required, CloudEventHeaders.ID, "unique event id: deduplicate by it (delivery is at least once)", true);
        header(properties, required, CloudEventHeaders.SOURCE, "the producing service, e.g. /order-gateway", true);
        ArrayNode types = header(properties, required, CloudEventHeaders.TYPE, "the event type: the message name", true).putArray("enum");
        Arrays.stream(EventType.values()).forEach(t -> types.add(t.name()));
        header(properties, required, CloudEventHeaders.TIME, "when the event happened, UTC ISO-8601", true).put("format", "date-time");
        header(properties, required, CloudEventHeaders.SUBJECT,
                "the client order id for order events, the run id for reconciliation runs, the symbol or service otherwise", false);
        header(properties, required, CloudEventHeaders.SCHEMA_VERSION, "version of the payload schema", true)
                .put("const", String.valueOf(EventType.SCHEMA_VERSION));
        header(properties, required, CloudEventHeaders.CONTENT_TYPE, "content type of the value", true)
                .put("const", EventEnvelope.CONTENT_TYPE);
        return schema;
    }

    private static ObjectNode header(ObjectNode properties, ArrayNode required, String name, String description, boolean mandatory) {
        ObjectNode header = properties.putObject(name);
        header.put("type", "string");
        header.put("description", description);
        if (mandatory) {
            required.add(name);
        }
        return header;
    }

    static String yaml(JsonNode document) {
        try {
            return "# Generated from the contracts module by AsyncApiDocument; AsyncApiDocumentTest fails when it differs.\n"
                    + "# Regenerate: ./mvnw -B -pl contracts verify -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true\n"
                    + YAML.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
