package dev.orderflow.ofctl;

import static dev.orderflow.testing.ServiceArchitecture.productionClasses;
import static dev.orderflow.testing.ServiceArchitecture.usesOnlySharedModules;

import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void usesNoServicesCodeNorTheVenuesWire() {
        usesOnlySharedModules("dev.orderflow.ofctl").check(productionClasses("dev.orderflow.ofctl"));
    }
}
