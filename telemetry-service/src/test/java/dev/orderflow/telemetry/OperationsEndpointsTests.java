package dev.orderflow.telemetry;

import dev.orderflow.testing.ServiceOperationsContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TelemetryInfrastructure.class)
class OperationsEndpointsTests extends ServiceOperationsContract {

    OperationsEndpointsTests() {
        super("telemetry-service", "telemetry");
    }
}
