package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DependencyRulesTest {
  private static final HealthCheck HEALTH = HealthCheck.builder().command(List.of("CMD", "true")).build();

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("a dependency on a container that does not exist is refused",
            task(dependent("app", on("dbb", ContainerCondition.START)), container("db").build()),
            "containerDefinitions[0].dependsOn[0].containerName", "'dbb'", "not a container", "'app', 'db'"),
        rejects("a dependency without containerName is refused",
            task(dependent("app", on(null, ContainerCondition.START)), container("db").build()),
            "containerDefinitions[0].dependsOn[0].containerName", "required"),
        rejects("a dependency without condition is refused",
            task(dependent("app", on("db", null)), container("db").build()),
            "containerDefinitions[0].dependsOn[0].condition", "required", "START, COMPLETE, SUCCESS or HEALTHY"),
        rejects("a container depending on itself is refused",
            task(dependent("app", on("app", ContainerCondition.START))),
            "containerDefinitions[0].dependsOn[0].containerName", "'app'", "itself"),
        rejects("HEALTHY on a container without a healthCheck is refused",
            task(dependent("app", on("db", ContainerCondition.HEALTHY)), container("db").build()),
            "containerDefinitions[0].dependsOn[0].condition", "HEALTHY", "'db'", "healthCheck"),
        rejects("COMPLETE on an essential container is refused",
            task(dependent("app", on("init", ContainerCondition.COMPLETE)), container("init").build()),
            "containerDefinitions[0].dependsOn[0].condition", "COMPLETE", "'init'", "essential", "essential: false"),
        rejects("SUCCESS on a container that is essential by default is refused",
            task(dependent("app", on("init", ContainerCondition.SUCCESS)), container("init").essential(null).build()),
            "containerDefinitions[0].dependsOn[0].condition", "SUCCESS", "defaults to true"),
        rejects("two containers waiting on each other are a cycle",
            task(dependent("a", on("b", ContainerCondition.START)), dependent("b", on("a", ContainerCondition.START))),
            "containerDefinitions[0].dependsOn", "a -> b -> a"),
        rejects("a cycle through three containers is reported as its path",
            task(container("web").build(),
                dependent("a", on("b", ContainerCondition.START)),
                dependent("b", on("c", ContainerCondition.START)),
                dependent("c", on("a", ContainerCondition.START))),
            "containerDefinitions[1].dependsOn", "a -> b -> c -> a", "could ever start"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("START on another container", task(dependent("app", on("db", ContainerCondition.START)),
            container("db").build())),
        named("HEALTHY on a container with a healthCheck", task(dependent("app", on("db", ContainerCondition.HEALTHY)),
            container("db").healthCheck(HEALTH).build())),
        named("COMPLETE and SUCCESS on non-essential containers", task(
            dependent("app", on("init", ContainerCondition.COMPLETE), on("migrate", ContainerCondition.SUCCESS)),
            container("init").essential(false).build(), container("migrate").essential(false).build())),
        named("a diamond, which has no cycle", task(
            dependent("a", on("b", ContainerCondition.START), on("c", ContainerCondition.START)),
            dependent("b", on("d", ContainerCondition.START)),
            dependent("c", on("d", ContainerCondition.START)),
            container("d").build())));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("accepted")
  void accepts(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  @Test
  void reportsEachSeparateCycleOnce() {
    List<Violation> violations = TaskDefinitionValidator.validate(task(
        dependent("a", on("b", ContainerCondition.START)), dependent("b", on("a", ContainerCondition.START)),
        dependent("c", on("d", ContainerCondition.START)), dependent("d", on("c", ContainerCondition.START))));
    assertThat(violations).extracting(Violation::field)
        .containsExactly("containerDefinitions[0].dependsOn", "containerDefinitions[2].dependsOn");
    assertThat(violations).extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).contains("a -> b -> a"))
        .anySatisfy(m -> assertThat(m).contains("c -> d -> c"));
  }

  private static ContainerDefinition dependent(String name, ContainerDependency... dependencies) {
    return container(name).dependsOn(List.of(dependencies)).build();
  }

  private static ContainerDependency on(String name, ContainerCondition condition) {
    return ContainerDependency.builder().containerName(name).condition(condition).build();
  }
}
