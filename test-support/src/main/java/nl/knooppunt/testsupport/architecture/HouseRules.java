package nl.knooppunt.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules of the house (docs/architecture.md, ADR 0045) that every module's {@code ArchitectureTest} checks on its
 * main classes: no package cycles inside a service, no service importing another, the shared libraries importing no
 * service, and REST resources reaching the database only through a service.
 */
public final class HouseRules {

    /** The root package of every service; a module may depend on no other service's root. */
    public static final List<String> SERVICES = List.of("nl.knooppunt.registry", "nl.knooppunt.validation",
            "nl.knooppunt.routing", "nl.knooppunt.portal");

    private HouseRules() {
    }

    /** The main classes (no tests, no jars) below {@code rootPackage}. */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /** Every package below {@code rootPackage} is a slice; no slice may reach itself again through others. */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(**)").should().beFreeOfCycles()
                .as("no cycles between the packages of " + rootPackage);
    }

    /**
     * Every feature (the first package below {@code rootPackage}, with all its sub-packages) is a slice; no feature may
     * reach itself again through others. Catches what {@link #noPackageCycles} cannot see: a cycle between features
     * whose packages are each acyclic (e.g. {@code participant.service -> webhook.repository} and
     * {@code webhook.rest -> participant.repository}).
     */
    public static ArchRule noFeatureCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles()
                .as("no cycles between the features of " + rootPackage);
    }

    /** Classes below {@code rootPackage} depend on no service but their own. */
    public static ArchRule importsNoOtherService(String rootPackage) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(rootPackage)).map(s -> s + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as(rootPackage + " imports no other service (" + Arrays.toString(others) + ")");
    }

    /** Classes below {@code rootPackage} (a shared library) depend on no service at all. */
    public static ArchRule importsNoService(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream().map(s -> s + "..").toArray(String[]::new))
                .as(rootPackage + " imports no service");
    }

    /**
     * REST resources (classes of a {@code rest} package) reach the database only through a service: they depend on
     * no bean of a {@code repository} package. The records a repository answers with may pass through.
     */
    public static ArchRule resourcesTouchNoRepository() {
        return noClasses().that().resideInAPackage("..rest..")
                .should().dependOnClassesThat(REPOSITORY_BEAN)
                .as("REST resources do not touch repositories directly")
                .allowEmptyShould(true);
    }

    private static final DescribedPredicate<JavaClass> REPOSITORY_BEAN = new DescribedPredicate<>(
            "are beans of a repository package") {
        @Override
        public boolean test(JavaClass c) {
            return c.getPackageName().contains(".repository")
                    && (c.isAnnotatedWith("jakarta.enterprise.context.ApplicationScoped")
                            || c.isAnnotatedWith("jakarta.inject.Singleton")
                            || c.isAnnotatedWith("jakarta.enterprise.context.RequestScoped"));
        }
    };
}
