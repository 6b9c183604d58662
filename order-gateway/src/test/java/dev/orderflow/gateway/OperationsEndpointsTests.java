package dev.orderflow.gateway;

import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.ServiceOperationsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class OperationsEndpointsTests extends ServiceOperationsContract {

    OperationsEndpointsTests() {
        super("order-gateway", "gateway");
    }
}
