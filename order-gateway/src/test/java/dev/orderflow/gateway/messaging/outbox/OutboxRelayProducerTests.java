package dev.orderflow.gateway.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The relay's producer takes the service's Kafka settings, and keeps the ones its guarantees rest on. */
class OutboxRelayProducerTests {

    @Test
    void theServicesKafkaSettingsReachTheRelaysProducer() {
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", "broker-1:9093,broker-2:9093");
        kafka.put("security.protocol", "SASL_SSL");
        kafka.put("sasl.mechanism", "SCRAM-SHA-512");
        kafka.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gw\" password=\"x\";");
        kafka.put("ssl.truststore.location", "/etc/kafka/truststore.p12");
        kafka.put("compression.type", "zstd");
        kafka.put("ssl.truststore.password", null);

        Properties producer = OutboxRelay.producerProperties(kafka);

        assertThat(producer).containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12").containsEntry("compression.type", "zstd")
                .doesNotContainKey("ssl.truststore.password");
        assertThat(producer.getProperty("sasl.jaas.config")).contains("username=\"gw\"");
    }

    @Test
    void theRelaysDeliverySettingsWinOverTheServicesOnes() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", "localhost:9092", "acks", "1", "enable.idempotence", "false",
                "linger.ms", "50", "max.in.flight.requests.per.connection", "20", "client.id", "other");

        Properties producer = OutboxRelay.producerProperties(kafka);

        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", "true").containsEntry("linger.ms", "1")
                .containsEntry("max.in.flight.requests.per.connection", "5").containsEntry("client.id", "order-gateway-outbox")
                .containsEntry("max.block.ms", "5000").containsEntry("request.timeout.ms", "5000")
                .containsEntry("delivery.timeout.ms", "20000");
    }
}
