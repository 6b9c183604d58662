package dev.orderflow.reconciler.support;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.testing.EventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events as the gateway would, and collects what arrives on a topic. */
public final class EventBus {

    private EventBus() {
    }

    /** Publishes the event on its topic with CloudEvents headers, waiting for the broker's ack. */
    public static void publish(String bootstrap, EventEnvelope<?> event, String key) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), key, EventJson.toBytes(event.data()));
            CloudEventHeaders.toHeaders(event).forEach((name, value) -> record.headers().add(name, value));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("publishing failed: " + e.getMessage(), e);
        }
    }

    /** A topic reader that remembers every event it read, so several expectations can be checked in turn. */
    public static final class Collector implements AutoCloseable {

        private final EventRecorder recorder;
        private final List<EventEnvelope<?>> seen = new ArrayList<>();

        public Collector(String bootstrap, String topic) {
            this.recorder = new EventRecorder(bootstrap, topic);
        }

        /** The first event (read before or within the timeout) that matches. */
        public EventEnvelope<?> await(Predicate<EventEnvelope<?>> wanted, Duration timeout) {
            Optional<EventEnvelope<?>> known = seen.stream().filter(wanted).findFirst();
            if (known.isPresent()) {
                return known.get();
            }
            recorder.awaitEvent(e -> {
                seen.add(e);
                return wanted.test(e);
            }, timeout);
            return seen.getLast();
        }

        /** Reads for a while and returns everything seen so far. */
        public List<EventEnvelope<?>> drain(Duration duration) {
            try {
                recorder.awaitEvent(e -> {
                    seen.add(e);
                    return false;
                }, duration);
            } catch (AssertionError timeout) {
                // expected: nothing matches; the events were read
            }
            return List.copyOf(seen);
        }

        public List<EventEnvelope<?>> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            recorder.close();
        }
    }
}
