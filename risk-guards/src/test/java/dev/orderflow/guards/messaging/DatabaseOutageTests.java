package dev.orderflow.guards.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An intent that arrives while Postgres restarts gets its one decision once the database is back. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = KafkaAndPostgresResource.POSTGRES_LINK, value = "cuttable"))
@WithTestResource(PaperExchangeResource.class)
class DatabaseOutageTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anIntentThatArrivesWhilePostgresRestartsIsDecidedAndTheConsumerGoesOn() throws Exception {
        try (var intents = new Intents(); var decisions = new TopicReader(Topics.ORDER_DECISIONS)) {
            String during = Intents.coid("pgrestart");
            var link = KafkaAndPostgresResource.postgresLink();
            link.cut();
            try {
                intents.send(Intents.exit(during, "BTCUSDT", "0.5"));
                Thread.sleep(5_000); // the length of the restart seen in the chaos run
            } finally {
                link.restore();
            }
            var decided = decisions.await(e -> e.type() == EventType.GUARD_DECISION && during.equals(e.subject()), WAIT).event();
            assertThat(((GuardDecision) decided.data()).outcome()).isEqualTo(GuardOutcome.ALLOW);
            await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            given().get("/q/health/live").then().statusCode(200);

            String after = Intents.coid("pgback");
            intents.send(Intents.exit(after, "BTCUSDT", "0.5"));
            decisions.await(e -> e.type() == EventType.GUARD_DECISION && after.equals(e.subject()), WAIT);
            assertThat(decisions.all(e -> e.type() == EventType.GUARD_DECISION && during.equals(e.subject())))
                    .as("one decision for the intent that waited").hasSize(1);
        }
    }
}
