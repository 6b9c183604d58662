package dev.orderflow.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EventSchemasTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyPayloadValidatesAgainstItsSchemaAndRoundTrips(EventType type) {
        Record payload = SamplePayloads.forType(type);

        JsonNode json = EventJson.readTree(EventJson.toBytes(payload));

        assertThat(EventSchemas.validate(type, json)).isEmpty();
        assertThat(EventJson.fromBytes(EventJson.toBytes(payload), type.payloadType())).isEqualTo(payload);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEnvelopeValidatesInStructuredForm(EventType type) {
        var event = EventEnvelope.of("/order-gateway", type, "strat-1:0001", SamplePayloads.forType(type));

        assertThat(EventSchemas.validateEnvelope(EventJson.structured(event))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyRequiredFieldIsEnforcedAndNamed(EventType type) {
        JsonNode schema = EventSchemas.schemaDocument(type.schemaResource());
        for (JsonNode required : schema.path("required")) {
            ObjectNode json = (ObjectNode) EventJson.toTree(SamplePayloads.forType(type));
            json.remove(required.asText());

            assertThat(EventSchemas.validate(type, json))
                    .as("payload of %s without %s", type, required.asText())
                    .anySatisfy(v -> assertThat(v.field()).isEqualTo("$." + required.asText()));
        }
    }

    @Test
    void decimalsAreStringsSoNoConsumerReadsMoneyAsFloatingPoint() {
        JsonNode json = EventJson.toTree(SamplePayloads.forType(EventType.ORDER_INTENT));

        assertThat(json.get("quantity").isTextual()).isTrue();
        assertThat(json.get("quantity").asText()).isEqualTo("0.01000");
        assertThat(json.get("acceptedAt").asText()).isEqualTo("2026-11-25T10:15:30.123456Z");
    }

    @Test
    void wrongTypeIsRejectedNamingTheField() {
        ObjectNode json = (ObjectNode) EventJson.toTree(SamplePayloads.forType(EventType.ORDER_INTENT));
        json.put("quantity", 0.01);
        json.put("side", "HOLD");

        assertThat(EventSchemas.validate(EventType.ORDER_INTENT, json))
                .extracting(EventSchemas.Violation::field)
                .contains("$.quantity", "$.side");
    }

    @Test
    void unknownFieldIsRejected() {
        ObjectNode json = (ObjectNode) EventJson.toTree(SamplePayloads.forType(EventType.HEARTBEAT));
        json.put("colour", "green");

        assertThat(EventSchemas.validate(EventType.HEARTBEAT, json)).isNotEmpty();
    }

    @Test
    void entrySlippageUsesTheFieldNameOperatorsQuery() {
        JsonNode json = EventJson.toTree(SamplePayloads.forType(EventType.ENTRY_SLIPPAGE));

        assertThat(json.get("slippage_bps").asText()).isEqualTo("2.00");
    }

    @Test
    void cacheSampleWithoutLookupsStandsForOneLookup() {
        ObjectNode json = (ObjectNode) EventJson.toTree(SamplePayloads.forType(EventType.CACHE_HIT));
        json.remove("lookups");

        assertThat(EventSchemas.validate(EventType.CACHE_HIT, json)).isEmpty();
        assertThat(EventJson.fromBytes(json.toString().getBytes(StandardCharsets.UTF_8), CacheSample.class).lookupCount()).isEqualTo(1);
        assertThat(EventJson.toTree(new CacheSample("BTCUSDT", 3, SamplePayloads.T0)).get("lookups").asInt()).isEqualTo(1);
    }

    @Test
    void applyFillCommandWithoutFillIsRejected() {
        ObjectNode json = (ObjectNode) EventJson.toTree(SamplePayloads.forType(EventType.ORDER_COMMAND));
        json.remove("fill");

        assertThat(EventSchemas.validate(EventType.ORDER_COMMAND, json))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("$.fill"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void kafkaHeadersRoundTrip(EventType type) {
        var event = EventEnvelope.of("/risk-guards", type, "BTCUSDT", SamplePayloads.forType(type));

        var back = CloudEventHeaders.fromHeaders(CloudEventHeaders.toHeaders(event), EventJson.toBytes(event.data()));

        assertThat(back).isEqualTo(event);
    }

    @Test
    void kafkaRecordWithInvalidPayloadIsRejectedNamingTheField() {
        var event = EventEnvelope.of("/order-gateway", EventType.ORDER_INTENT, "x", SamplePayloads.forType(EventType.ORDER_INTENT));
        ObjectNode json = (ObjectNode) EventJson.toTree(event.data());
        json.remove("symbol");

        assertThatThrownBy(() -> CloudEventHeaders.fromHeaders(CloudEventHeaders.toHeaders(event),
                json.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("$.symbol");
    }

    @Test
    void kafkaRecordWithoutTypeHeaderIsRejected() {
        var event = EventEnvelope.of("/order-gateway", EventType.HEARTBEAT, null, SamplePayloads.forType(EventType.HEARTBEAT));
        Map<String, byte[]> headers = new HashMap<>(CloudEventHeaders.toHeaders(event));
        headers.remove(CloudEventHeaders.TYPE);

        assertThatThrownBy(() -> CloudEventHeaders.fromHeaders(headers, EventJson.toBytes(event.data())))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("ce_type");
    }

    @Test
    void envelopeRefusesAPayloadOfTheWrongType() {
        assertThatThrownBy(() -> EventEnvelope.of("/x", EventType.ORDER_FILLED, "c", SamplePayloads.forType(EventType.HEARTBEAT)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
