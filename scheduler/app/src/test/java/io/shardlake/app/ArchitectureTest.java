package io.shardlake.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dependency direction of the modules (transforms, connectors, engine, web, app: each uses only
 * those before it), no cycle between the engine's packages, immutable configuration, and time only
 * from an injected Clock.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test helpers of other modules arrive as *-tests.jar, which the option above does not cover.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.shardlake");

    @Test
    void transformsArePureAndDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.shardlake.transforms..")
                .should().dependOnClassesThat().resideInAnyPackage("io.shardlake.connectors..", "io.shardlake.engine..",
                        "io.shardlake.web..", "io.shardlake.app..", "java.sql..", "java.nio.file..", "java.net..",
                        "org.springframework..")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|RandomAccessFile).*")
                .check(CLASSES);
    }

    @Test
    void connectorsDoNotKnowTheEngine() {
        noClasses().that().resideInAPackage("io.shardlake.connectors..")
                .should().dependOnClassesThat().resideInAnyPackage("io.shardlake.engine..", "io.shardlake.web..",
                        "io.shardlake.app..", "org.springframework..")
                .check(CLASSES);
    }

    @Test
    void theEngineDoesNotKnowTheWebOrTheApp() {
        noClasses().that().resideInAPackage("io.shardlake.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.shardlake.web..", "io.shardlake.app..",
                        "org.springframework.boot..", "org.springframework.web..")
                .check(CLASSES);
    }

    @Test
    void theWebKnowsOnlyTheEngine() {
        noClasses().that().resideInAPackage("io.shardlake.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.shardlake.connectors..", "io.shardlake.transforms..",
                        "io.shardlake.app..")
                .check(CLASSES);
    }

    @Test
    void theEnginesPackagesHaveNoCycles() {
        slices().matching("io.shardlake.engine.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void configurationPropertiesAreImmutableRecords() {
        // A record binds through its constructor: no setter can change a setting after start.
        classes().that().areAnnotatedWith(ConfigurationProperties.class).should().beRecords().check(CLASSES);
    }

    @Test
    void quartzJobsAndSchedulersStayInTheAppsSchedulePackage() {
        // Schedule math (engine.schedule) and cron validation use Quartz's CronExpression only.
        noClasses().that().resideOutsideOfPackages("io.shardlake.app.schedule..", "io.shardlake.engine.schedule..")
                .and().doNotHaveFullyQualifiedName("io.shardlake.engine.definition.CronSchedule")
                .should().dependOnClassesThat().resideInAPackage("org.quartz..")
                .check(CLASSES);
    }

    @Test
    void domainCodeReadsTimeOnlyFromAnInjectedClock() {
        noClasses().that().resideInAnyPackage("io.shardlake.engine..", "io.shardlake.transforms..", "io.shardlake.connectors..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(CLASSES);
    }
}
