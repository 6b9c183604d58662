package dev.orderflow.paper;

import static dev.orderflow.testing.ServiceArchitecture.productionClasses;
import static dev.orderflow.testing.ServiceArchitecture.usesOnlyContractsAndPlatform;

import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void usesNoOtherServicesCode() {
        usesOnlyContractsAndPlatform("dev.orderflow.paper").check(productionClasses("dev.orderflow.paper"));
    }
}
