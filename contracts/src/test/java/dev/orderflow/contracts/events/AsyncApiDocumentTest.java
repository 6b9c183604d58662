package dev.orderflow.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.orderflow.contracts.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml is what the contracts say: every topic a channel, every event type a message on its
 * topic's channel, each payload the contract's JSON Schema file and each example valid against it.
 */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of(System.getProperty("orderflow.project.root", ".."));
    private static final Path DOCUMENT = ROOT.resolve(AsyncApiDocument.PATH);
    /** Keywords JSON Schema added after draft-07; the document declares its payloads draft-07. */
    private static final Set<String> AFTER_DRAFT_07 = Set.of("$defs", "prefixItems", "unevaluatedProperties",
            "unevaluatedItems", "dependentRequired", "dependentSchemas", "$anchor", "$dynamicRef", "$dynamicAnchor",
            "minContains", "maxContains");

    @Test
    void documentIsWhatTheContractsGenerate() throws IOException {
        String generated = AsyncApiDocument.yaml(AsyncApiDocument.build());
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.writeString(DOCUMENT, generated);
        }
        assertThat(Files.readString(DOCUMENT))
                .as(AsyncApiDocument.PATH + " is out of date; regenerate it (see its header)")
                .isEqualTo(generated);
    }

    @Test
    void everyTopicIsAChannelAndEveryEventTypeAMessageOfItsTopic() throws IOException {
        JsonNode doc = AsyncApiDocument.read(Files.readString(DOCUMENT));
        assertThat(doc.path("asyncapi").asText()).startsWith("3.");
        Set<String> addresses = new HashSet<>();
        Set<String> typesSeen = new HashSet<>();
        doc.path("channels").properties().forEach(channel -> {
            String topic = channel.getValue().path("address").asText();
            addresses.add(topic);
            channel.getValue().path("messages").properties().forEach(m -> {
                EventType type = EventType.valueOf(m.getKey());
                assertThat(type.topic()).as(type + " is on " + topic).isEqualTo(topic);
                typesSeen.add(type.name());
            });
        });
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        assertThat(typesSeen).containsExactlyInAnyOrderElementsOf(List.of(EventType.values()).stream().map(Enum::name).toList());
        doc.path("operations").properties().forEach(o -> assertThat(o.getValue().path("action").asText()).isEqualTo("receive"));
    }

    @Test
    void everyPayloadIsTheContractSchemaAndEveryExampleValidatesAgainstIt() throws IOException {
        JsonNode doc = AsyncApiDocument.read(Files.readString(DOCUMENT));
        JsonNode headersSchema = doc.path("components").path("schemas").path("CloudEventHeaders");
        Schema headers = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(headersSchema);
        List<String> checked = new ArrayList<>();
        doc.path("components").path("messages").properties().forEach(entry -> {
            EventType type = EventType.valueOf(entry.getKey());
            JsonNode message = entry.getValue();
            JsonNode payload = message.path("payload");
            assertThat(payload.path("schemaFormat").asText()).isEqualTo(AsyncApiDocument.SCHEMA_FORMAT);
            Path schemaFile = DOCUMENT.getParent().resolve(payload.path("schema").path("$ref").asText()).normalize();
            JsonNode referenced = read(schemaFile);
            assertThat(referenced).as(type + " payload").isEqualTo(EventSchemas.schemaDocument(type.schemaResource()));
            assertThat(message.path("examples")).as(type + " examples").isNotEmpty();
            for (JsonNode example : message.path("examples")) {
                assertThat(EventSchemas.validate(type, example.path("payload"))).as(type + " example payload").isEmpty();
                assertThat(headers.validate(example.path("headers"))).as(type + " example headers").isEmpty();
                assertThat(example.path("headers").path(CloudEventHeaders.TYPE).asText()).isEqualTo(type.name());
            }
            checked.add(type.name());
        });
        assertThat(checked).hasSize(EventType.values().length);
    }

    @Test
    void contractSchemasUseOnlyDraft07Keywords() {
        for (EventType type : EventType.values()) {
            List<String> found = new ArrayList<>();
            collectKeys(EventSchemas.schemaDocument(type.schemaResource()), found);
            assertThat(found).as(type.schemaResource()).doesNotContainAnyElementsOf(AFTER_DRAFT_07);
        }
    }

    private static void collectKeys(JsonNode node, List<String> keys) {
        node.properties().forEach(e -> {
            keys.add(e.getKey());
            collectKeys(e.getValue(), keys);
        });
        node.elements().forEachRemaining(child -> collectKeys(child, keys));
    }

    private static JsonNode read(Path file) {
        try {
            return EventJson.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
