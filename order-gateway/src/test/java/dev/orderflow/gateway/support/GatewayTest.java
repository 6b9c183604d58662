package dev.orderflow.gateway.support;

import static io.restassured.RestAssured.given;

import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/** Helpers shared by the gateway's integration tests (all on one Quarkus start). */
public final class GatewayTest {

    public static final String TRADER = TestTokens.TRADER;
    public static final String READER = TestTokens.READER;
    public static final String OPERATOR = TestTokens.OPERATOR;

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

    /** Sets the symbol's position and ends its open exits, so that the whole position is left to sell. */
    public static void holdPosition(String symbol, String quantity) throws SQLException {
        try (Connection db = database();
                var position = db.prepareStatement("INSERT INTO positions (symbol, quantity, updated_at) VALUES (?, ?::numeric, now()) "
                        + "ON CONFLICT (symbol) DO UPDATE SET quantity = EXCLUDED.quantity");
                var exits = db.prepareStatement("UPDATE orders SET status = 'CANCELED', terminal_at = now() WHERE symbol = ? AND intent = 'EXIT'")) {
            position.setString(1, symbol);
            position.setString(2, quantity);
            position.executeUpdate();
            exits.setString(1, symbol);
            exits.executeUpdate();
        }
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Publishes an event to its topic as a CloudEvent, as another service would. */
    public static void publish(dev.orderflow.contracts.events.EventEnvelope<?> event, String key) {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                java.util.Map.<String, Object>of("bootstrap.servers", bootstrap()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var message = dev.orderflow.platform.messaging.CloudEventMessages.toMessage(event, key);
            var record = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(event.topic(), key, message.getPayload());
            dev.orderflow.contracts.events.CloudEventHeaders.toHeaders(event).forEach(record.headers()::add);
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The guards' ALLOW for an entry, so it goes on to the exchange. */
    public static void allow(String coid, String symbol, String side) {
        allow(coid, symbol, side, null);
    }

    /** The guards' ALLOW for an entry, with the price they expected it to fill at (null: none). */
    public static void allow(String coid, String symbol, String side, java.math.BigDecimal expectedPrice) {
        var decision = new dev.orderflow.contracts.events.GuardDecision(coid, symbol, dev.orderflow.contracts.events.Side.valueOf(side),
                dev.orderflow.contracts.events.Intent.ENTRY, dev.orderflow.contracts.events.GuardOutcome.ALLOW, false, true,
                java.util.List.of(), java.time.Instant.now(), 5, java.time.Instant.now(), expectedPrice);
        publish(dev.orderflow.contracts.events.EventEnvelope.of("/risk-guards", dev.orderflow.contracts.events.EventType.GUARD_DECISION,
                coid, decision), symbol);
    }

    /** Posts an entry (201 expected) and lets the guards allow it. */
    public static void allowedEntry(String coid, String symbol, String side, String quantity, String price) {
        as(TRADER).body(limitOrder(coid, symbol, side, "ENTRY", quantity, price)).post("/api/v1/orders").then().statusCode(201);
        allow(coid, symbol, side);
    }

    /** Status of an order as the API shows it. */
    /** The sum of a metric's samples at /q/metrics, over every tag set that contains {@code tags} (e.g. outcome="rejected"). */
    public static double metric(String name, String... tags) {
        String text = TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(tags).allMatch(labels::contains)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    public static String status(String coid) {
        return as(READER).get("/api/v1/orders/{c}", coid).then().statusCode(200).extract().path("status");
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
