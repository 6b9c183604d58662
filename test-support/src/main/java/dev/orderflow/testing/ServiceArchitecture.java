package dev.orderflow.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Arrays;

/**
 * The rules every service's architecture test states, on the service's production classes. A service
 * lives in {@code dev.orderflow.<service>} and may use {@code contracts} and {@code platform} of the
 * project, and the venue's port ({@code dev.orderflow.venue}) if it talks to the exchange; never another
 * service, and never the venue's wire format ({@code dev.orderflow.venue.binance}): what services share
 * is a contract, not code.
 */
public final class ServiceArchitecture {

    public static final String ROOT = "dev.orderflow";
    public static final String CONTRACTS = ROOT + ".contracts..";
    public static final String PLATFORM = ROOT + ".platform..";
    public static final String VENUE = ROOT + ".venue..";
    public static final String VENUE_WIRE = ROOT + ".venue.binance..";

    private ServiceArchitecture() {
    }

    /** The production classes of a service (its test classes left out), e.g. {@code dev.orderflow.gateway}. */
    public static JavaClasses productionClasses(String servicePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(servicePackage);
    }

    /** Of the project's code, the service uses only its own, {@code contracts} and {@code platform}. */
    public static ArchRule usesOnlyContractsAndPlatform(String servicePackage) {
        return classes().that().resideInAPackage(servicePackage + "..")
                .should().onlyDependOnClassesThat(resideInAnyPackage(servicePackage + "..", CONTRACTS, PLATFORM)
                        .or(resideOutsideOfPackage(ROOT + "..")))
                .because("services share contracts and the platform, never each other's code");
    }

    /**
     * Of the project's code, the service uses only its own, {@code contracts}, {@code platform} and the
     * venue's port: the venue's wire format (Binance parameters, codes, signing) stays inside the venue module.
     */
    public static ArchRule usesOnlySharedModules(String servicePackage) {
        return classes().that().resideInAPackage(servicePackage + "..")
                .should().onlyDependOnClassesThat(resideInAnyPackage(servicePackage + "..", CONTRACTS, PLATFORM)
                        .or(resideInAPackage(VENUE).and(not(resideInAPackage(VENUE_WIRE))))
                        .or(resideOutsideOfPackage(ROOT + "..")))
                .because("services share contracts, the platform and the venue's port, never each other's code or the venue's wire");
    }

    /**
     * A layer of the service (a package right under it, e.g. {@code domain}) depends on none of the
     * given layers.
     */
    public static ArchRule layerDoesNotDependOn(String servicePackage, String layer, String... otherLayers) {
        String[] others = Arrays.stream(otherLayers).map(other -> servicePackage + "." + other + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(servicePackage + "." + layer + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others);
    }

    /** A layer of the service depends on nothing of the service outside itself (the project's contracts and platform aside). */
    public static ArchRule layerStandsAlone(String servicePackage, String layer) {
        return noClasses().that().resideInAPackage(servicePackage + "." + layer + "..")
                .should().dependOnClassesThat(resideInAnyPackage(servicePackage + "..")
                        .and(not(resideInAnyPackage(servicePackage + "." + layer + ".."))));
    }

    /**
     * Hibernate entities and everything of the ORM stay in the service's {@code persistence} package: an
     * entity is declared there, and no other package touches an entity, JPA, Hibernate or Panache. The rest
     * of the service sees stored rows only as the plain records the repositories answer with.
     */
    public static ArchRule ormStaysInPersistence(String servicePackage) {
        String persistence = servicePackage + ".persistence..";
        String entity = "jakarta.persistence.Entity";
        return CompositeArchRule.of(classes().that().areAnnotatedWith(entity).should().resideInAPackage(persistence)
                        .allowEmptyShould(true))
                .and(noClasses().that().resideInAPackage(servicePackage + "..").and().resideOutsideOfPackage(persistence)
                        .should().dependOnClassesThat().areAnnotatedWith(entity)
                        .orShould().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..",
                                "io.quarkus.hibernate..")
                        .because("entities are the persistence layer's; the domain works on plain records"));
    }
}
