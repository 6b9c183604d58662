package dev.orderflow.telemetry;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes events on the test broker as their producers do (CloudEvents binary mode, key = symbol or service). */
final class Broker {

    private Broker() {
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static void send(Iterable<? extends EventEnvelope<?>> events) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (EventEnvelope<?> event : events) {
                String key = event.subject() == null ? "test" : event.subject();
                var record = new ProducerRecord<String, byte[]>(event.topic(), key, EventJson.toBytes(event.data()));
                CloudEventHeaders.toHeaders(event).forEach((k, v) -> record.headers().add(k, v));
                producer.send(record);
            }
            producer.flush();
        }
    }

    static void send(EventEnvelope<?>... events) {
        send(java.util.List.of(events));
    }
}
