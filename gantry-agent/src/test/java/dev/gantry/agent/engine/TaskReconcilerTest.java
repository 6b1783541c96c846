package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskStopCode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskReconcilerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  static ContainerState state(String name, ContainerStatus status) {
    ContainerState s = ContainerState.initial(name, T0).advanced(status, T0);
    return status.atLeast(ContainerStatus.RUNNING) ? s.withStartedAt(T0) : s;
  }

  static ContainerState exited(String name, int code) {
    return state(name, ContainerStatus.STOPPED).withExit(OptionalInt.of(code), Optional.empty());
  }

  static ContainerDefinition container(String name, boolean essential, ContainerDependency... deps) {
    return ContainerDefinition.builder().name(name).image("img").essential(essential)
        .dependsOn(deps.length == 0 ? null : List.of(deps)).build();
  }

  static ContainerDependency dep(String name, ContainerCondition condition) {
    return ContainerDependency.builder().containerName(name).condition(condition).build();
  }

  static TaskSnapshot task(List<ContainerDefinition> defs, List<ContainerState> states, boolean desiredStopped,
      boolean wasRunning) {
    Map<String, ContainerState> byName = new LinkedHashMap<>();
    states.forEach(s -> byName.put(s.name(), s));
    return new TaskSnapshot(TaskDefinition.builder().family("f").revision(1).containerDefinitions(defs).build(),
        desiredStopped, Optional.empty(), byName, Optional.empty(), wasRunning, START_TIMEOUT);
  }

  static Stream<Arguments> steps() {
    var app = container("app", true);
    return Stream.of(
        Arguments.of("a new container is pulled", List.of(app), List.of(state("app", ContainerStatus.NONE)), false,
            false, List.of(new TaskAction.Pull("app"))),
        Arguments.of("a pulled container is created", List.of(app), List.of(state("app", ContainerStatus.PULLED)),
            false, false, List.of(new TaskAction.Create("app"))),
        Arguments.of("a created container without dependencies starts", List.of(app),
            List.of(state("app", ContainerStatus.CREATED)), false, false, List.of(new TaskAction.Start("app"))),
        Arguments.of("a running container needs nothing", List.of(app),
            List.of(state("app", ContainerStatus.RUNNING)), false, true, List.of()),
        Arguments.of("a user's stop stops running containers and abandons the rest",
            List.of(app, container("side", false)),
            List.of(state("app", ContainerStatus.RUNNING), state("side", ContainerStatus.CREATED)), true, true,
            List.of(new TaskAction.Stop("app"), new TaskAction.Abandon("side", Optional.empty()))),
        Arguments.of("an essential exit stops the others", List.of(app, container("side", false)),
            List.of(exited("app", 3), state("side", ContainerStatus.RUNNING)), false, true,
            List.of(new TaskAction.Stop("side"))),
        Arguments.of("a non-essential exit changes nothing", List.of(app, container("side", false)),
            List.of(state("app", ContainerStatus.RUNNING), exited("side", 1)), false, true, List.of()),
        Arguments.of("a container waits for its dependency to complete",
            List.of(container("init", false), container("app", true, dep("init", ContainerCondition.COMPLETE))),
            List.of(state("init", ContainerStatus.RUNNING), state("app", ContainerStatus.CREATED)), false, false,
            List.of()),
        Arguments.of("a container starts once its dependency completed",
            List.of(container("init", false), container("app", true, dep("init", ContainerCondition.COMPLETE))),
            List.of(exited("init", 1), state("app", ContainerStatus.CREATED)), false, false,
            List.of(new TaskAction.Start("app"))),
        Arguments.of("SUCCESS is not met by a failure, so the dependent is abandoned",
            List.of(container("init", false), container("app", true, dep("init", ContainerCondition.SUCCESS))),
            List.of(exited("init", 1), state("app", ContainerStatus.CREATED)), false, false,
            List.of(new TaskAction.Abandon("app", Optional.of(
                "DependencyConditionUnresolvable: dependency init cannot reach SUCCESS: it exited with code 1")))),
        Arguments.of("START is met by a running dependency",
            List.of(container("db", true), container("app", true, dep("db", ContainerCondition.START))),
            List.of(state("db", ContainerStatus.RUNNING), state("app", ContainerStatus.CREATED)), false, false,
            List.of(new TaskAction.Start("app"))),
        Arguments.of("HEALTHY waits for a healthy verdict",
            List.of(container("db", true), container("app", true, dep("db", ContainerCondition.HEALTHY))),
            List.of(state("db", ContainerStatus.RUNNING).withHealth(Optional.of(HealthStatus.UNKNOWN)),
                state("app", ContainerStatus.CREATED)), false, false, List.of()),
        Arguments.of("HEALTHY is met by a healthy dependency",
            List.of(container("db", true), container("app", true, dep("db", ContainerCondition.HEALTHY))),
            List.of(state("db", ContainerStatus.RUNNING).withHealth(Optional.of(HealthStatus.HEALTHY)),
                state("app", ContainerStatus.CREATED)), false, false, List.of(new TaskAction.Start("app"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void decidesTheNextActions(String name, List<ContainerDefinition> defs, List<ContainerState> states,
      boolean desiredStopped, boolean wasRunning, List<TaskAction> expected) {
    assertThat(TaskReconciler.next(task(defs, states, desiredStopped, wasRunning), T0).actions())
        .containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> stopCauses() {
    var app = container("app", true);
    return Stream.of(
        Arguments.of("desired STOPPED is the user's stop", List.of(state("app", ContainerStatus.RUNNING)), true, true,
            Optional.of(new TaskStopCause(TaskStopCode.USERINITIATED, TaskStopCause.USER_STOPPED))),
        Arguments.of("an essential exit after RUNNING", List.of(exited("app", 3)), false, true,
            Optional.of(new TaskStopCause(TaskStopCode.ESSENTIALCONTAINEREXITED, TaskStopCause.ESSENTIAL_EXITED))),
        Arguments.of("a failed pull before RUNNING", List.of(ContainerState.initial("app", T0)
            .abandoned("CannotPullContainerError: no such image", T0)), false, false,
            Optional.of(new TaskStopCause(TaskStopCode.TASKFAILEDTOSTART,
                "CannotPullContainerError: no such image"))),
        Arguments.of("a running task does not stop", List.of(state("app", ContainerStatus.RUNNING)), false, true,
            Optional.<TaskStopCause>empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stopCauses")
  void decidesWhyATaskStops(String name, List<ContainerState> states, boolean desiredStopped, boolean wasRunning,
      Optional<TaskStopCause> expected) {
    var defs = List.of(container("app", true));
    assertThat(TaskReconciler.next(task(defs, states, desiredStopped, wasRunning), T0).stopping()).isEqualTo(expected);
  }

  @Test
  void abandonsAContainerWhoseDependencyMissesItsStartTimeout() {
    var defs = List.of(ContainerDefinition.builder().name("db").image("img").startTimeout(10).build(),
        container("app", true, dep("db", ContainerCondition.HEALTHY)));
    var states = List.of(state("db", ContainerStatus.RUNNING), state("app", ContainerStatus.CREATED));
    assertThat(TaskReconciler.next(task(defs, states, false, false), T0.plusSeconds(9)).actions()).isEmpty();
    assertThat(TaskReconciler.next(task(defs, states, false, false), T0.plusSeconds(10)).actions())
        .containsExactly(new TaskAction.Abandon("app", Optional.of("DependencyConditionUnresolvable: "
            + "timed out after 10s waiting for dependency db to reach HEALTHY")));
  }

  @Test
  void usesTheAgentsStartTimeoutWhenTheDependencyHasNone() {
    var defs = List.of(container("db", true), container("app", true, dep("db", ContainerCondition.COMPLETE)));
    var states = List.of(state("db", ContainerStatus.RUNNING), state("app", ContainerStatus.CREATED));
    assertThat(TaskReconciler.next(task(defs, states, false, false), T0.plus(START_TIMEOUT).minusSeconds(1))
        .actions()).isEmpty();
    assertThat(TaskReconciler.next(task(defs, states, false, false), T0.plus(START_TIMEOUT)).actions())
        .hasSize(1).first().isInstanceOf(TaskAction.Abandon.class);
  }
}
