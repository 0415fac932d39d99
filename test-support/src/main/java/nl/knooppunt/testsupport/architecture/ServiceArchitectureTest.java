package nl.knooppunt.testsupport.architecture;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

/**
 * The house rules (docs/architecture.md, ADR 0045) on one service's main classes; each service's
 * {@code ArchitectureTest} extends it and names its root package.
 */
public abstract class ServiceArchitectureTest {

    private final String root;
    private final JavaClasses classes;

    protected ServiceArchitectureTest(String rootPackage) {
        this.root = rootPackage;
        this.classes = HouseRules.mainClasses(rootPackage);
    }

    @Test
    void noPackageCycles() {
        HouseRules.noPackageCycles(root).check(classes);
    }

    @Test
    void noFeatureCycles() {
        HouseRules.noFeatureCycles(root).check(classes);
    }

    @Test
    void importsNoOtherService() {
        HouseRules.importsNoOtherService(root).check(classes);
    }

    @Test
    void resourcesTouchNoRepository() {
        HouseRules.resourcesTouchNoRepository().check(classes);
    }
}
