package dev.orderflow.guards;

import static dev.orderflow.testing.ServiceArchitecture.productionClasses;
import static dev.orderflow.testing.ServiceArchitecture.usesOnlySharedModules;

import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void usesNoOtherServicesCodeNorTheVenuesWire() {
        usesOnlySharedModules("dev.orderflow.guards").check(productionClasses("dev.orderflow.guards"));
    }
}
