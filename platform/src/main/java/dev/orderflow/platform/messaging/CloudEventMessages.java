package dev.orderflow.platform.messaging;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Turns events into Kafka messages (CloudEvents binary mode) and Kafka headers back into events. */
public final class CloudEventMessages {

    private CloudEventMessages() {
    }

    /** A message for the event's topic, keyed by {@code key} (the symbol, or the service for ops topics). */
    public static Message<byte[]> toMessage(EventEnvelope<?> event, String key) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.toHeaders(event).forEach(headers::add);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(key)
                .withHeaders(headers)
                .build();
        return Message.of(EventJson.toBytes(event.data())).addMetadata(metadata);
    }

    /**
     * The event a consumed record carries, its payload checked against its schema.
     *
     * @throws dev.orderflow.contracts.events.InvalidEventException when the record breaks the contract
     */
    public static EventEnvelope<?> fromRecord(ConsumerRecord<String, byte[]> record) {
        return CloudEventHeaders.fromHeaders(headerMap(record.headers()), record.value());
    }

    /** As {@link #fromRecord}, keeping the payload tree (for whoever stores the payload as it came). */
    public static CloudEventHeaders.Decoded decode(ConsumerRecord<String, byte[]> record) {
        return CloudEventHeaders.decode(headerMap(record.headers()), record.value());
    }

    /** Header map in the form {@link CloudEventHeaders} reads; the last value wins for repeated headers. */
    public static Map<String, byte[]> headerMap(Headers headers) {
        Map<String, byte[]> map = new HashMap<>();
        headers.forEach(h -> map.put(h.key(), h.value()));
        return map;
    }
}
