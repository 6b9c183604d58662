package dev.orderflow.gateway.support;

import static io.restassured.RestAssured.given;

import dev.orderflow.testing.EventRecorder;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Helpers shared by the gateway's integration tests (all on one Quarkus start). */
public final class GatewayTest {

    public static final String TRADER = "test-trader-token";
    public static final String READER = "test-reader-token";
    public static final String OPERATOR = "test-operator-token";

    private GatewayTest() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    public static String coid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static String limitOrder(String coid, String symbol, String side, String intent, String quantity, String price) {
        return """
                {"clientOrderId":"%s","symbol":"%s","side":"%s","type":"LIMIT","quantity":"%s","price":"%s",
                 "timeInForce":"GTC","intent":"%s","referencePrice":"%s","strategyId":"s1"}
                """.formatted(coid, symbol, side, quantity, price, intent, price);
    }

    public static Connection database() throws SQLException {
        var config = ConfigProvider.getConfig();
        Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        connection.createStatement().execute("SET search_path TO gateway");
        return connection;
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static EventRecorder recorder(String topic) {
        return new EventRecorder(bootstrap(), topic);
    }

    /** Reads every event of a topic from the beginning (a new group), for a while; nothing is skipped. */
    public static final class TopicReader implements AutoCloseable {
        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer;

        public TopicReader(String topic) {
            java.util.Properties p = new java.util.Properties();
            p.put("bootstrap.servers", bootstrap());
            p.put("group.id", "test-reader-" + UUID.randomUUID());
            p.put("auto.offset.reset", "earliest");
            p.put("enable.auto.commit", "false");
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            consumer.subscribe(java.util.List.of(topic));
        }

        public java.util.List<dev.orderflow.contracts.events.EventEnvelope<?>> readFor(java.time.Duration duration) {
            java.util.List<dev.orderflow.contracts.events.EventEnvelope<?>> events = new java.util.ArrayList<>();
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    events.add(dev.orderflow.platform.messaging.CloudEventMessages.fromRecord(record));
                }
            }
            return events;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
