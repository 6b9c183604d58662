package dev.orderflow.guards;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.ServiceOperationsContract;
import dev.orderflow.testing.PaperExchangeResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(value = PaperExchangeResource.class, initArgs = {
        @ResourceArg(name = "paper.symbol-names", value = GuardDecisionsTests.SYMBOLS),
        @ResourceArg(name = "paper.symbols.WIDEUSDT.spread-bps", value = "60") })
class OperationsEndpointsTests extends ServiceOperationsContract {

    OperationsEndpointsTests() {
        super("risk-guards", "guards");
    }
}
