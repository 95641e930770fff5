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
    static final ArchRule noCycles =
            slices().matching("io.driftwarden.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule pureMiddle = noClasses()
            .that()
            .resideInAnyPackage("..diff..", "..approval..", "..standard..", "..signoff..", "..followup..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.nio.file.Files")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.ProcessBuilder")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.time.Clock")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("org.slf4j..", "java.net..");

    @ArchTest
    static final ArchRule onlyTheCliWires = noClasses()
            .that()
            .resideOutsideOfPackage("..cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..cli..");

    @ArchTest
    static final ArchRule yamlLibraryStaysInItsPackage = noClasses()
            .that()
            .resideOutsideOfPackage("..yaml..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.yaml.snakeyaml..");

    @ArchTest
    static final ArchRule reportsDoNotReachIntoTransports = noClasses()
            .that()
            .resideInAPackage("..report..")
            .should()
            .dependOnClassesThat()
            .haveNameMatching(".*\\.collect\\.(\\w*Transport|Probe\\w*)");

    @ArchTest
    static final ArchRule httpServerStaysInItsPackage = noClasses()
            .that()
            .resideOutsideOfPackage("..http..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jetty..");

    @ArchTest
    static final ArchRule gitStaysInItsPackage = noClasses()
            .that()
            .resideOutsideOfPackage("..gitsource..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jgit..");

    @ArchTest
    static final ArchRule sshLibraryStaysInItsPackage = confined("org.apache.sshd..", "..collect.ssh..");

    @ArchTest
    static final ArchRule metricsLibraryStaysInItsPackage = confined("io.micrometer..", "..metrics..");

    @ArchTest
    static final ArchRule mailLibraryStaysInItsPackage = confined("jakarta.mail..", "..notify.mail..");

    @ArchTest
    static final ArchRule mailImplementationStaysInItsPackage = confined("org.eclipse.angus..", "..notify.mail..");

    @ArchTest
    static final ArchRule schedulerStaysInItsPackage = confined("org.quartz..", "..schedule..");

    @ArchTest
    static final ArchRule migrationsStayInTheStore = confined("org.flywaydb..", "..store..");

    @ArchTest
    static final ArchRule connectionPoolStaysInTheStore = confined("com.zaxxer.hikari..", "..store..");

    @ArchTest
    static final ArchRule commandLineLibraryStaysInTheCommands = confined("picocli..", "..cli..");

    /** Besides the store, only Quartz's connection provider, which passes the store's pooled connections through. */
    @ArchTest
    static final ArchRule jdbcStaysInTheStore = noClasses()
            .that()
            .resideOutsideOfPackage("..store..")
            .and()
            .doNotHaveFullyQualifiedName("io.driftwarden.schedule.StoreConnectionProvider")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.sql..")
            .because("java.sql.. is used in ..store.. only (and handed to Quartz by StoreConnectionProvider)");

    /** The one HTTP client: no redirects, bounded attempts, URLs never logged. */
    @ArchTest
    static final ArchRule httpClientStaysWithTheWebhooks = confined("java.net.http..", "..notify.webhook..");

    /** The store implements the ports its users own; only the composition root (the commands) picks the store. */
    @ArchTest
    static final ArchRule portsKeepTheirUsersOffTheStore = noClasses()
            .that()
            .resideInAnyPackage(
                    "..run..",
                    "..daemon..",
                    "..admission..",
                    "..remedy..",
                    "..impact..",
                    "..history..",
                    "..audit..",
                    "..report..",
                    "..notify..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..store..");

    /** The result is assembled once, by its builder; every later step and writer only reads it. */
    @ArchTest
    static final ArchRule resultIsBuiltOnce = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("io.driftwarden.audit.AuditResult$Builder")
            .and()
            .doNotHaveFullyQualifiedName("io.driftwarden.audit.AuditResult")
            .should()
            .callConstructor(
                    io.driftwarden.audit.AuditResult.class,
                    String.class,
                    String.class,
                    java.time.Instant.class,
                    java.time.Instant.class,
                    java.time.Instant.class,
                    boolean.class,
                    io.driftwarden.audit.StandardInfo.class,
                    java.util.List.class,
                    io.driftwarden.audit.ApprovalSummary.class,
                    java.util.List.class,
                    java.util.List.class);

    /** A run's steps live in the pipeline; commands parse, call one use case and print. */
    @ArchTest
    static final ArchRule commandsDoNotRunTheSteps = noClasses()
            .that()
            .resideInAPackage("..cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..notify..", "..metrics..", "..schedule..", "..http..", "..gitsource..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.driftwarden.audit.AuditRun")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.driftwarden.history.RunHistory")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.driftwarden.history.EpisodeRules");

    private static ArchRule confined(String library, String home) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(home)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(library)
                .because(library + " is used in " + home + " only");
    }
}
