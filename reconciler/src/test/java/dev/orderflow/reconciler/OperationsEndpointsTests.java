package dev.orderflow.reconciler;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.ServiceOperationsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperExchangeResource.class)
class OperationsEndpointsTests extends ServiceOperationsContract {

    OperationsEndpointsTests() {
        super("reconciler", "reconciler");
    }
}
