package dev.orderflow.reconciler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.reconciler.persistence.TrackedOrderRepository;
import dev.orderflow.reconciler.support.EventBus;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The reconciler's view of the gateway's orders survives a Postgres restart: its consumer waits, then goes on. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = KafkaAndPostgresResource.POSTGRES_LINK, value = "cuttable"))
@WithTestResource(PaperExchangeResource.class)
class DatabaseOutageTests {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    TrackedOrderRepository tracked;

    @Test
    void anOrderEventThatArrivesWhilePostgresRestartsIsAppliedAndTheConsumerGoesOn() throws Exception {
        String during = "pgrestart-" + UUID.randomUUID().toString().substring(0, 18);
        var link = KafkaAndPostgresResource.postgresLink();
        link.cut();
        try {
            acknowledged(during);
            Thread.sleep(5_000); // the length of the restart seen in the chaos run
        } finally {
            link.restore();
        }
        // ignoreExceptions: the first reads may still meet a pooled connection the cut broke
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> tracked.find(during).isPresent());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/live").then().statusCode(200);

        String after = "pgback-" + UUID.randomUUID().toString().substring(0, 18);
        acknowledged(after);
        await().atMost(Duration.ofSeconds(20)).until(() -> tracked.find(after).isPresent());
    }

    private void acknowledged(String coid) {
        var change = new OrderStateChanged(coid, "BTCUSDT", Side.BUY, Intent.ENTRY, OrderStatus.SUBMITTING, OrderStatus.ACKNOWLEDGED,
                "EXCHANGE_ACK", "999" + Math.abs(coid.hashCode()), new BigDecimal("0.001"), BigDecimal.ZERO, null, "test", Instant.now());
        EventBus.publish(bootstrap, new EventEnvelope<>(UUID.randomUUID().toString(), "/order-gateway", EventType.ORDER_ACKNOWLEDGED,
                Instant.now(), coid, EventType.SCHEMA_VERSION, change), "BTCUSDT");
    }
}
