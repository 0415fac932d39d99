package nl.knooppunt.standard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house rules (docs/architecture.md, ADR 0045) on the standard library: it imports no service and has no package
 * cycles. (test-support holds the rules for the other modules, but depends on this one, so they are spelled out here.)
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("nl.knooppunt.standard");

    @Test
    void importsNoService() {
        noClasses().that().resideInAPackage("nl.knooppunt.standard..")
                .should().dependOnClassesThat().resideInAnyPackage("nl.knooppunt.registry..",
                        "nl.knooppunt.validation..", "nl.knooppunt.routing..", "nl.knooppunt.portal..",
                        "nl.knooppunt.kit..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("nl.knooppunt.standard.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
