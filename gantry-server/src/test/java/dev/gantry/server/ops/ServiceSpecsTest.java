package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.TaskDefinition;
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
 * container: the agent stops each with its own stopTimeout, or with its default (30 s) when the
 * container sets none, so a container without one counts as the default even beside shorter ones.
 */
class ServiceSpecsTest {
  static Stream<Arguments> stopTimeouts() {
    return Stream.of(
        Arguments.of("one container with 2 s", new Integer[] {2}, 2),
        Arguments.of("one container without", new Integer[] {null}, 30),
        Arguments.of("the longest of several", new Integer[] {5, 90, 10}, 90),
        Arguments.of("a container without beside a shorter one", new Integer[] {5, null}, 30),
        Arguments.of("a container without beside a longer one", new Integer[] {null, 120}, 120),
        Arguments.of("no containers", new Integer[] {}, 30));
  }

  @ParameterizedTest(name = "{0}: {2} s")
  @MethodSource("stopTimeouts")
  void theStopTimeoutIsTheLongestAnyContainerMayTake(String what, Integer[] perContainer, int expectedSeconds) {
    List<ContainerDefinition> containers = new ArrayList<>();
    Arrays.stream(perContainer).forEach(t -> containers.add(ContainerDefinition.builder()
        .name("c" + containers.size()).image("gantry-test/busybox:latest").memory(16).stopTimeout(t).build()));
    TaskDefinition td = TaskDefinition.builder().family("f").revision(1).containerDefinitions(containers).build();

    assertThat(ServiceSpecs.stopTimeout(td)).isEqualTo(Duration.ofSeconds(expectedSeconds));
  }
}
