package dev.freshet.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

class ModuleBoundariesTest {

    private static final Map<String, String> SERVICES = Map.of(
            "subscription-tracker", "dev.freshet.tracker",
            "queue-processor", "dev.freshet.processor",
            "staleness-checker", "dev.freshet.checker",
            "registry-admin", "dev.freshet.admin");

    private static JavaClasses classes;

    @BeforeAll
    static void importCompiledModules() {
        Path root = Path.of(System.getProperty("freshet.root", "..")).toAbsolutePath().normalize();
        List<Path> dirs = List.of("shared-model", "subscription-tracker", "queue-processor", "staleness-checker", "registry-admin")
                .stream().map(m -> root.resolve(m).resolve("target/classes")).toList();
        assertThat(dirs).as("modules are compiled before this test runs").allMatch(Files::isDirectory);
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPaths(dirs);
    }

    @Test
    void servicesNeverUseEachOthersCode() {
        SERVICES.forEach((module, pkg) -> {
            String[] others = SERVICES.values().stream().filter(p -> !p.equals(pkg)).map(p -> p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because(module + " meets the other services only in shared-model and the database")
                    .check(classes);
        });
    }

    @Test
    void sharedModelKnowsNoService() {
        noClasses().that().resideInAPackage("dev.freshet.shared..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        SERVICES.values().stream().map(p -> p + "..").toArray(String[]::new))
                .because("the model must serve every service and depend on none")
                .check(classes);
    }

    @Test
    void theFeaturePackagesOfAServiceDependOnEachOtherWithoutCycles() {
        SERVICES.values().forEach(pkg -> slices().matching(pkg + ".(*)..").should().beFreeOfCycles()
                .because("a feature package builds on others, never on one that builds on it")
                .check(classes));
    }

    @Test
    void everyServiceHasCode() {
        SERVICES.values().forEach(pkg -> assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                .as(pkg + " has classes").isTrue());
    }
}
