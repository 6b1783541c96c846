package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.TaskDefinition;
import dev.gantry.reconcile.StopTimeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stop time fencing waits for before it replaces a lost agent's task must cover every
 * container: the agent stops each with its own stopTimeout, or with its default when the
 * container sets none, so a container without one counts as that default even beside shorter
 * ones. Shown on an agent with ECS's 30 s default and on one with 120 s.
 */
class ServiceSpecsTest {
  static Stream<Arguments> stopTimeouts() {
    return Stream.of(
        Arguments.of("one container with 2 s", new Integer[] {2}, 2, 2),
        Arguments.of("one container without", new Integer[] {null}, 30, 120),
        Arguments.of("the longest of several", new Integer[] {5, 90, 10}, 90, 90),
        Arguments.of("a container without beside a shorter one", new Integer[] {5, null}, 30, 120),
        Arguments.of("a container without beside a longer one", new Integer[] {null, 150}, 150, 150),
        Arguments.of("a negative one counts as none", new Integer[] {-1}, 30, 120),
        Arguments.of("no containers", new Integer[] {}, 30, 120));
  }

  @ParameterizedTest(name = "{0}: {2} s, {3} s on an agent whose default is 120 s")
  @MethodSource("stopTimeouts")
  void theStopTimeoutIsTheLongestAnyContainerMayTake(String what, Integer[] perContainer, int onDefaultAgent,
      int onSlowAgent) {
    List<ContainerDefinition> containers = new ArrayList<>();
    Arrays.stream(perContainer).forEach(t -> containers.add(ContainerDefinition.builder()
        .name("c" + containers.size()).image("gantry-test/busybox:latest").memory(16).stopTimeout(t).build()));
    TaskDefinition td = TaskDefinition.builder().family("f").revision(1).containerDefinitions(containers).build();

    StopTimeout timeout = ServiceSpecs.stopTimeout(td);
    assertThat(timeout.on(StopTimeout.DEFAULT)).isEqualTo(Duration.ofSeconds(onDefaultAgent));
    assertThat(timeout.on(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(onSlowAgent));
  }
}
