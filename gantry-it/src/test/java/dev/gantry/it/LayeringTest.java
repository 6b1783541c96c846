package dev.gantry.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The layering of design section 2, enforced: the pure modules do no I/O, start no threads,
 * read no clock and no randomness of their own; and modules depend only downwards. New pure
 * modules join PURE_PACKAGES when they appear.
 */
class LayeringTest {
  private static final String[] PURE_PACKAGES = {"dev.gantry.model..", "dev.gantry.placement..",
      "dev.gantry.reconcile.."};
  private static JavaClasses gantry;

  @BeforeAll
  static void importClasses() {
    gantry = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.gantry");
  }

  @TestFactory
  List<DynamicTest> pureModulesDoNoIoAndHaveNoHiddenInputs() {
    return List.of(
        rule("pure modules touch no files, sockets or databases", noClasses().that().resideInAnyPackage(PURE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..",
                "java.sql..", "javax.net..", "java.util.concurrent..")),
        rule("pure modules start no threads", noClasses().that().resideInAnyPackage(PURE_PACKAGES)
            .should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)),
        rule("pure modules read no clock of their own", noClasses().that().resideInAnyPackage(PURE_PACKAGES)
            .should().dependOnClassesThat().areAssignableTo(Clock.class)
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")),
        rule("pure modules draw no randomness of their own", noClasses().that().resideInAnyPackage(PURE_PACKAGES)
            .should().dependOnClassesThat().areAssignableTo(java.util.Random.class)
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(UUID.class, "randomUUID")),
        rule("pure modules read no environment", noClasses().that().resideInAnyPackage(PURE_PACKAGES)
            .should().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getProperty", String.class)),
        rule("the model depends on no other Gantry module", noClasses().that().resideInAPackage("dev.gantry.model..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gantry.store..", "dev.gantry.server..",
                "dev.gantry.cli..", "dev.gantry.testkit..")),
        rule("placement depends only on the model", noClasses().that().resideInAPackage("dev.gantry.placement..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gantry.store..", "dev.gantry.server..",
                "dev.gantry.cli..", "dev.gantry.testkit..", "dev.gantry.agent..")),
        rule("reconcile depends only on the model and placement", noClasses().that().resideInAPackage("dev.gantry.reconcile..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gantry.store..", "dev.gantry.server..",
                "dev.gantry.cli..", "dev.gantry.testkit..", "dev.gantry.agent..")),
        rule("the store depends only on the model", noClasses().that().resideInAPackage("dev.gantry.store..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gantry.server..", "dev.gantry.cli..",
                "dev.gantry.testkit..")),
        rule("the agent depends only on the model (it talks to the server through the ECS API)",
            noClasses().that().resideInAPackage("dev.gantry.agent..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gantry.store..", "dev.gantry.server..",
                "dev.gantry.cli..", "dev.gantry.testkit..")),
        rule("the server does not depend on the command line", noClasses().that().resideInAPackage("dev.gantry.server..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.gantry.cli..", "dev.gantry.testkit..",
                "dev.gantry.agent..")));
  }

  private static DynamicTest rule(String name, ArchRule rule) {
    return DynamicTest.dynamicTest(name, () -> rule.check(gantry));
  }
}
