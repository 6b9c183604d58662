package dev.orderflow.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.orderflow.testing.ServiceArchitecture.layerDoesNotDependOn;
import static dev.orderflow.testing.ServiceArchitecture.layerStandsAlone;
import static dev.orderflow.testing.ServiceArchitecture.usesOnlySharedModules;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.orderflow.testing.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The gateway's layers depend inwards: {@code domain} on nothing of the gateway, {@code persistence}
 * not on the adapters that call it, {@code service} not on the HTTP API that answers for it, and the
 * exchange adapter on the service layer only through the interfaces that layer owns for it.
 */
class ArchitectureTests {

    private static final String GATEWAY = "dev.orderflow.gateway";
    private static final JavaClasses CLASSES = ServiceArchitecture.productionClasses(GATEWAY);

    @Test
    void usesNoOtherServicesCodeNorTheVenuesWire() {
        usesOnlySharedModules(GATEWAY).check(CLASSES);
    }

    @Test
    void theDomainDependsOnNothingElseOfTheGateway() {
        layerStandsAlone(GATEWAY, "domain").check(CLASSES);
    }

    @Test
    void persistenceDoesNotDependOnTheAdaptersAboveIt() {
        layerDoesNotDependOn(GATEWAY, "persistence", "api", "messaging", "exchange", "service").check(CLASSES);
    }

    @Test
    void servicesDoNotDependOnTheHttpApi() {
        layerDoesNotDependOn(GATEWAY, "service", "api").check(CLASSES);
    }

    @Test
    void theExchangeAdapterReachesTheServicesOnlyThroughTheirInterfaces() {
        noClasses().that().resideInAPackage(GATEWAY + ".exchange..")
                .should().dependOnClassesThat(resideInAPackage(GATEWAY + ".service..").and(not(INTERFACES)))
                .because("execution reports and rate-limit waits are handed over through ExecutionReports and ThrottleEvents")
                .check(CLASSES);
    }
}
