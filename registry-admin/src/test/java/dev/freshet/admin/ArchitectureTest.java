package dev.freshet.admin;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTest {

    private static final JavaClasses ADMIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.freshet.admin");

    @Test
    void everyResourceRequiresARole() {
        classes().that().areAnnotatedWith(Path.class).should().beAnnotatedWith(RolesAllowed.class)
                .because("only health, metrics and OpenAPI are open")
                .check(ADMIN);
    }

    @Test
    void theAdminServiceMeetsOtherServicesOnlyInSharedModel() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.freshet.tracker..", "dev.freshet.processor..",
                        "dev.freshet.checker..", "dev.freshet.simulator..")
                .check(ADMIN);
    }

    @Test
    void sqlStaysInTheSqlClassesAndServicesNotInResources() {
        noClasses().that().haveSimpleNameEndingWith("Resource").should().dependOnClassesThat()
                .haveSimpleNameEndingWith("Sql").check(ADMIN);
    }
}
