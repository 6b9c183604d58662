package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventSchemas;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.Cleanup;
import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.KafkaBroker;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import dev.orderflow.testing.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged services, each in its own JVM: the gateway publishes heartbeats on the real broker,
 * the telemetry service consumes them. The events on the wire keep the contract.
 */
class HeartbeatFlowIT {

    private static KafkaBroker broker;
    private static PostgresDatabase database;
    private static ServiceProcess telemetry;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startServices() {
        broker = KafkaAndPostgresResource.sharedBroker();
        database = PostgresDatabase.create("ofsys");
        Map<String, String> env = new HashMap<>(ServiceProcess.infrastructure(broker, database));
        env.put("ORDERFLOW_SERVICE_HEARTBEAT_INTERVAL", "1s");
        telemetry = ServiceProcess.start("telemetry-service", env);
        env.put("ENABLE_LIVE_HEARTBEAT", "true");
        gateway = ServiceProcess.start("order-gateway", env);
        telemetry.awaitReady(Duration.ofSeconds(90));
        gateway.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopServices() {
        Cleanup.closeAll(java.util.Arrays.asList(gateway, telemetry, database));
    }

    @Test
    void gatewayHeartbeatCrossesTheBrokerAndTelemetryKnowsItsFlags() {
        String gatewayFlagsHash = TestTokens.as(TestTokens.MONITORING).baseUri(gateway.baseUrl()).get("/q/flags").then().statusCode(200)
                .extract().path("hash");

        try (EventRecorder recorder = new EventRecorder(broker.bootstrapServers(), Topics.HEARTBEATS)) {
            var events = recorder.awaitEvent(e -> e.type() == EventType.HEARTBEAT
                    && ((Heartbeat) e.data()).service().equals("order-gateway"), Duration.ofSeconds(60));
            var heartbeat = events.getLast();
            assertThat(EventSchemas.validateEnvelope(EventJson.structured(heartbeat))).isEmpty();
            assertThat(heartbeat.source()).isEqualTo("/order-gateway");
            assertThat(((Heartbeat) heartbeat.data()).flagsHash()).isEqualTo(gatewayFlagsHash);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).baseUri(telemetry.baseUrl())
                .get("/api/v1/services").then().statusCode(200)
                .body("find { it.service == 'order-gateway' }.status", equalTo("UP"))
                .body("find { it.service == 'order-gateway' }.flagsHash", equalTo(gatewayFlagsHash)));
    }

    @Test
    void serviceWithoutHeartbeatFlagPublishesNone() {
        TestTokens.as(TestTokens.MONITORING).baseUri(telemetry.baseUrl()).get("/q/flags").then()
                .body("flags.find { it.name == 'ENABLE_LIVE_HEARTBEAT' }.effective", equalTo("false"));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                TestTokens.as(TestTokens.OPERATOR).baseUri(telemetry.baseUrl()).get("/api/v1/services").then()
                        .body("findAll { it.service == 'telemetry-service' }.size()", equalTo(0)));
    }
}
