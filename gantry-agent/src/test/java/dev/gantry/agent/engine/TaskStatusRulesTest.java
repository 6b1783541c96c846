package dev.gantry.agent.engine;

import static dev.gantry.agent.engine.TaskReconcilerTest.exited;
import static dev.gantry.agent.engine.TaskReconcilerTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskStatusRulesTest {
  private static final HealthCheck CHECK = HealthCheck.builder().command(List.of("CMD-SHELL", "true")).build();
  private static final List<ContainerDefinition> APP_AND_SIDE = List.of(
      ContainerDefinition.builder().name("app").essential(true).healthCheck(CHECK).build(),
      ContainerDefinition.builder().name("side").essential(false).build());

  static Map<String, ContainerState> states(ContainerState... states) {
    Map<String, ContainerState> out = new LinkedHashMap<>();
    for (ContainerState s : states) {
      out.put(s.name(), s);
    }
    return out;
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(states(state("app", ContainerStatus.NONE), state("side", ContainerStatus.NONE)), "PENDING"),
        Arguments.of(states(state("app", ContainerStatus.CREATED), state("side", ContainerStatus.RUNNING)), "PENDING"),
        Arguments.of(states(state("app", ContainerStatus.RUNNING), state("side", ContainerStatus.CREATED)), "RUNNING"),
        Arguments.of(states(state("app", ContainerStatus.RUNNING), exited("side", 0)), "RUNNING"),
        Arguments.of(states(exited("app", 3), state("side", ContainerStatus.RUNNING)), "PENDING"),
        Arguments.of(states(exited("app", 3), exited("side", 0)), "STOPPED"));
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("statuses")
  void derivesTheTaskStatusFromItsContainers(Map<String, ContainerState> states, String expected) {
    assertThat(TaskStatusRules.lastStatus(APP_AND_SIDE, states)).isEqualTo(expected);
  }

  @Test
  void aTaskStatusNeverGoesBack() {
    assertThat(TaskStatusRules.later("RUNNING", "PENDING")).isEqualTo("RUNNING");
    assertThat(TaskStatusRules.later("RUNNING", "STOPPED")).isEqualTo("STOPPED");
    assertThat(TaskStatusRules.later("STOPPED", "RUNNING")).isEqualTo("STOPPED");
  }

  static Stream<Arguments> healths() {
    return Stream.of(
        Arguments.of(Optional.empty(), HealthStatus.UNKNOWN),
        Arguments.of(Optional.of(HealthStatus.UNKNOWN), HealthStatus.UNKNOWN),
        Arguments.of(Optional.of(HealthStatus.HEALTHY), HealthStatus.HEALTHY),
        Arguments.of(Optional.of(HealthStatus.UNHEALTHY), HealthStatus.UNHEALTHY));
  }

  @ParameterizedTest(name = "container {0} makes the task {1}")
  @MethodSource("healths")
  void derivesTaskHealthFromEssentialContainersWithChecks(Optional<HealthStatus> app, HealthStatus expected) {
    var s = states(state("app", ContainerStatus.RUNNING).withHealth(app),
        state("side", ContainerStatus.RUNNING).withHealth(Optional.of(HealthStatus.UNHEALTHY)));
    assertThat(TaskStatusRules.health(APP_AND_SIDE, s)).isEqualTo(expected);
  }

  @Test
  void aTaskWithoutHealthChecksIsUnknown() {
    var defs = List.of(ContainerDefinition.builder().name("app").build());
    assertThat(TaskStatusRules.health(defs, states(state("app", ContainerStatus.RUNNING)))).isEqualTo(HealthStatus.UNKNOWN);
  }
}
