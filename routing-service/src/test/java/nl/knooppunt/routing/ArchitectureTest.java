package nl.knooppunt.routing;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import nl.knooppunt.testsupport.architecture.HouseRules;

/** The house rules (docs/architecture.md, ADR 0045) on routing-service's main classes. */
class ArchitectureTest {

    private static final String ROOT = "nl.knooppunt.routing";
    private static final JavaClasses CLASSES = HouseRules.mainClasses(ROOT);

    @Test
    void noPackageCycles() {
        HouseRules.noPackageCycles(ROOT).check(CLASSES);
    }

    @Test
    void importsNoOtherService() {
        HouseRules.importsNoOtherService(ROOT).check(CLASSES);
    }

    @Test
    void resourcesTouchNoRepository() {
        HouseRules.resourcesTouchNoRepository().check(CLASSES);
    }
}
