package dev.orderflow.reconciler;

import static dev.orderflow.testing.ServiceArchitecture.ormStaysInPersistence;
import static dev.orderflow.testing.ServiceArchitecture.productionClasses;
import static dev.orderflow.testing.ServiceArchitecture.usesOnlySharedModules;

import org.junit.jupiter.api.Test;

class ArchitectureTests {

    @Test
    void usesNoOtherServicesCodeNorTheVenuesWire() {
        usesOnlySharedModules("dev.orderflow.reconciler").check(productionClasses("dev.orderflow.reconciler"));
    }

    @Test
    void entitiesAndTheOrmStayInPersistence() {
        ormStaysInPersistence("dev.orderflow.reconciler").check(productionClasses("dev.orderflow.reconciler"));
    }
}
