package io.github.muxsource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering each package's {@code package-info.java} states (see CONTRIBUTING.md), enforced. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.github.muxsource");
    }

    @Test
    void muxEngineUsesJavaOnly() {
        noClasses()
                .that()
                .resideInAPackage("..mux..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "io.github.muxsource.mux..")
                .check(classes);
    }

    @Test
    void formatLayerUsesJavaAndFlinksFileSystemOnly() {
        noClasses()
                .that()
                .resideInAPackage("..npz..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(
                        "java..", "io.github.muxsource.npz..", "org.apache.flink.core.fs..")
                .check(classes);
    }

    @Test
    void lowerLayersNeverReachUpIntoTheSource() {
        noClasses()
                .that()
                .resideInAnyPackage("..mux..", "..npz..", "..sample..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.muxsource.source..")
                .check(classes);
    }

    @Test
    void onlyTheTableLayerKnowsTheTableLayer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.muxsource.table..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.muxsource.table..")
                .check(classes);
    }
}
