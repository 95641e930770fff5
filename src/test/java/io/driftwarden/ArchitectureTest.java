package io.driftwarden;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of design.md: no cycles, a pure middle, adapters only at the edges. */
@AnalyzeClasses(packages = "io.driftwarden", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noCycles = slices().matching("io.driftwarden.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule pureMiddle = noClasses().that().resideInAnyPackage("..diff..", "..approval..", "..standard..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .orShould().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "java.net..");

    @ArchTest
    static final ArchRule onlyTheCliWires = noClasses().that().resideOutsideOfPackage("..cli..")
            .should().dependOnClassesThat().resideInAPackage("..cli..");

    @ArchTest
    static final ArchRule yamlLibraryStaysInItsPackage = noClasses().that().resideOutsideOfPackage("..yaml..")
            .should().dependOnClassesThat().resideInAPackage("org.yaml.snakeyaml..");

    @ArchTest
    static final ArchRule reportsDoNotReachIntoTransports = noClasses().that().resideInAPackage("..report..")
            .should().dependOnClassesThat().haveNameMatching(".*\\.collect\\.(\\w*Transport|Probe\\w*)");

    @ArchTest
    static final ArchRule httpServerStaysInItsPackage = noClasses().that().resideOutsideOfPackage("..http..")
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..");

    @ArchTest
    static final ArchRule gitStaysInItsPackage = noClasses().that().resideOutsideOfPackage("..gitsource..")
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..");
}
