package dev.orderflow.telemetry;

import static dev.orderflow.testing.ServiceArchitecture.ormStaysInPersistence;
import static dev.orderflow.testing.ServiceArchitecture.productionClasses;
import static dev.orderflow.testing.ServiceArchitecture.usesOnlyContractsAndPlatform;

import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void usesNoOtherServicesCode() {
        usesOnlyContractsAndPlatform("dev.orderflow.telemetry").check(productionClasses("dev.orderflow.telemetry"));
    }

    @Test
    void entitiesAndTheOrmStayInPersistence() {
        ormStaysInPersistence("dev.orderflow.telemetry").check(productionClasses("dev.orderflow.telemetry"));
    }
}
