package dev.orderflow.telemetry;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TelemetryInfrastructure.class)
class HeartbeatTrackingTests {

    /** Generous: the first test of a run waits for the ingest to find a topic created by its own first record. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void latestHeartbeatWinsAndALateOneDoesNotGoBackInTime() throws Exception {
        Instant now = Instant.now();
        send(heartbeat("gw-1", "UP", "aaaaaaaaaaaa", now.minusSeconds(2)));
        send(heartbeat("gw-1", "DOWN", "bbbbbbbbbbbb", now));
        send(heartbeat("gw-1", "UP", "cccccccccccc", now.minusSeconds(1)));

        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/services").then()
                .statusCode(200)
                .body("find { it.instance == 'gw-1' }.flagsHash", equalTo("bbbbbbbbbbbb"))
                .body("find { it.instance == 'gw-1' }.status", equalTo("DOWN")));
    }

    @Test
    void recordBreakingTheContractIsSkippedNotFatal() throws Exception {
        try (var producer = producer()) {
            var broken = new ProducerRecord<String, byte[]>(Topics.HEARTBEATS, "x", "{\"service\":1}".getBytes(StandardCharsets.UTF_8));
            broken.headers().add(CloudEventHeaders.TYPE, "HEARTBEAT".getBytes(StandardCharsets.UTF_8));
            producer.send(broken).get();
        }
        send(heartbeat("gw-after-poison", "UP", "dddddddddddd", Instant.now()));

        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/services").then()
                .body("find { it.instance == 'gw-after-poison' }.status", equalTo("UP")));
    }

    @Test
    void instanceWithoutRecentHeartbeatIsMissing() throws Exception {
        send(heartbeat("reconciler", "rc-old", "UP", "eeeeeeeeeeee", Instant.now().minus(Duration.ofMinutes(5))));

        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/services").then()
                .body("find { it.instance == 'rc-old' }.status", equalTo("MISSING"))
                .body("find { it.instance == 'rc-old' }.reportedStatus", equalTo("UP")));
    }

    @Test
    void anInstanceReplacedAfterACrashLeavesTheList() throws Exception {
        Instant crashedAt = Instant.now().minus(Duration.ofMinutes(2));
        send(heartbeat("risk-guards", "rg-crashed", "UP", "ffffffffffff", crashedAt));
        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/services").then()
                .body("find { it.instance == 'rg-crashed' }.status", equalTo("MISSING")));

        Instant now = Instant.now();
        send(new EventEnvelope<>(java.util.UUID.randomUUID().toString(), "/risk-guards", EventType.HEARTBEAT, now,
                "rg-restarted", EventType.SCHEMA_VERSION, new Heartbeat("risk-guards", "rg-restarted", "0.1.0", "UP",
                        "ffffffffffff", true, now.minusSeconds(3), 3, Map.of(), now)));

        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/services").then()
                .body("find { it.instance == 'rg-restarted' }.status", equalTo("UP"))
                .body("find { it.instance == 'rg-crashed' }", nullValue()));
    }

    private static EventEnvelope<Heartbeat> heartbeat(String instance, String status, String hash, Instant at) {
        return heartbeat("order-gateway", instance, status, hash, at);
    }

    private static EventEnvelope<Heartbeat> heartbeat(String service, String instance, String status, String hash, Instant at) {
        var payload = new Heartbeat(service, instance, "0.1.0", status, hash, true, at.minusSeconds(60), 60, Map.of(), at);
        return new EventEnvelope<>(java.util.UUID.randomUUID().toString(), "/" + service, EventType.HEARTBEAT, at,
                instance, EventType.SCHEMA_VERSION, payload);
    }

    private static void send(EventEnvelope<?> event) throws Exception {
        try (var producer = producer()) {
            var record = new ProducerRecord<String, byte[]>(Topics.HEARTBEATS, "order-gateway", EventJson.toBytes(event.data()));
            CloudEventHeaders.toHeaders(event).forEach((k, v) -> record.headers().add(k, v));
            producer.send(record).get();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
                new StringSerializer(), new ByteArraySerializer());
    }
}
