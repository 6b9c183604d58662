package dev.orderflow.platform.messaging;

import java.util.Map;
import java.util.TreeMap;

/**
 * The security settings of a service's Kafka configuration, for clients it builds itself rather than
 * through a channel: {@code security.protocol}, {@code sasl.*} and {@code ssl.*}. Quarkus collects them
 * from {@code kafka.*} properties and {@code KAFKA_*} environment variables (e.g.
 * {@code KAFKA_SASL_JAAS_CONFIG}) into the bean {@code @Identifier("default-kafka-broker")}.
 */
public final class KafkaClientSecurity {

    private KafkaClientSecurity() {
    }

    public static Map<String, Object> of(Map<String, Object> defaultKafkaConfig) {
        Map<String, Object> security = new TreeMap<>();
        defaultKafkaConfig.forEach((key, value) -> {
            if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return security;
    }
}
