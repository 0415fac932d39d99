package nl.knooppunt.kit;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import nl.knooppunt.testsupport.architecture.HouseRules;

/** The house rules (docs/architecture.md, ADR 0045) on the service kit: it imports no service, has no package cycles. */
class ArchitectureTest {

    private static final String ROOT = "nl.knooppunt.kit";
    private static final JavaClasses CLASSES = HouseRules.mainClasses(ROOT);

    @Test
    void importsNoService() {
        HouseRules.importsNoService(ROOT).check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        HouseRules.noPackageCycles(ROOT).check(CLASSES);
    }
}
