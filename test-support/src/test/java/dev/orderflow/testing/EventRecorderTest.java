package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.CacheSample;
import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    @Test
    void successiveWaitsSeeEveryEventOfOnePollBatch() throws Exception {
        KafkaBroker broker = KafkaAndPostgresResource.sharedBroker();
        String symbol = "RECORDER" + (System.nanoTime() % 100_000);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 1; i <= 3; i++) {
                var event = EventEnvelope.of("/test", EventType.CACHE_MISS, symbol + "-" + i, new CacheSample(symbol, i, Instant.now()));
                var record = new ProducerRecord<String, byte[]>(Topics.TELEMETRY, symbol, EventJson.toBytes(event.data()));
                CloudEventHeaders.toHeaders(event).forEach((k, v) -> record.headers().add(k, v));
                producer.send(record);
            }
            producer.flush();
        }

        try (EventRecorder recorder = new EventRecorder(broker.bootstrapServers(), Topics.TELEMETRY)) {
            recorder.awaitEvent(e -> (symbol + "-1").equals(e.subject()), Duration.ofSeconds(30));
            var second = recorder.awaitEvent(e -> (symbol + "-2").equals(e.subject()), Duration.ofSeconds(5));
            var third = recorder.awaitEvent(e -> (symbol + "-3").equals(e.subject()), Duration.ofSeconds(5));

            assertThat(second.getLast().subject()).isEqualTo(symbol + "-2");
            assertThat(third).extracting(EventEnvelope::subject).containsExactly(symbol + "-3");
        }
    }
}
