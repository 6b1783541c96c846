package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.integer;
import static dev.gantry.server.ops.ClusterOpsFixture.stringSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Resource;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementResult;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceFitTest {
  /** 1024 CPU and 2000 MiB free; TCP 22 (reserved) and 8080 (a task's) taken; UDP 53 taken. */
  private static final List<Resource> REMAINING = List.of(integer("CPU", 1024), integer("MEMORY", 2000),
      stringSet("PORTS", "22", "8080"), stringSet("PORTS_UDP", "53"));

  private static TaskDemand demand(int cpu, int memory, List<Integer> tcp, List<Integer> udp) {
    return new TaskDemand(cpu, memory, tcp, udp, 0);
  }

  static Stream<Arguments> checks() {
    return Stream.of(
        Arguments.of("a task that takes exactly what is left fits", demand(1024, 2000, List.of(), List.of()), null),
        Arguments.of("nothing asked fits", demand(0, 0, List.of(), List.of()), null),
        Arguments.of("one CPU unit too many", demand(1025, 10, List.of(), List.of()), "RESOURCE:CPU"),
        Arguments.of("one MiB too many", demand(10, 2001, List.of(), List.of()), "RESOURCE:MEMORY"),
        Arguments.of("CPU is reported before memory", demand(2048, 4000, List.of(), List.of()), "RESOURCE:CPU"),
        Arguments.of("a reserved TCP port", demand(1, 1, List.of(22), List.of()), "RESOURCE:PORTS"),
        Arguments.of("a TCP port another task holds", demand(1, 1, List.of(8080), List.of()), "RESOURCE:PORTS"),
        Arguments.of("a free TCP port", demand(1, 1, List.of(8081), List.of()), null),
        Arguments.of("TCP 53 is free although UDP 53 is taken", demand(1, 1, List.of(53), List.of()), null),
        Arguments.of("a taken UDP port", demand(1, 1, List.of(), List.of(53)), "RESOURCE:PORTS"),
        Arguments.of("the same host port twice in one task", demand(1, 1, List.of(9000, 9000), List.of()),
            "RESOURCE:PORTS"),
        Arguments.of("memory is reported before ports", demand(1, 3000, List.of(22), List.of()), "RESOURCE:MEMORY"));
  }

  /** The engine's filters over the instance as InstanceViews reads the stored record. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void theEngineAnswersWithTheFirstShortResource(String why, TaskDemand demand, String reason) {
    ContainerInstance instance = ContainerInstance.builder().containerInstanceArn("arn:i").status("ACTIVE")
        .agentConnected(true).remainingResources(REMAINING).build();
    PlacementRequest request = PlacementRequest.of("family:web", 1, new dev.gantry.placement.TaskDemand(
        demand.cpu(), demand.memory(), demand.tcpPorts(), demand.udpPorts(), false));
    PlacementResult result = PlacementEngine.place(request,
        new ClusterSnapshot(List.of(InstanceViews.of(instance, Map.of()))), new Random(1));
    Optional<String> rejected = result instanceof PlacementResult.Unplaced u
        ? Optional.of(u.failures().get(0).reason().toString()) : Optional.empty();
    assertThat(rejected).isEqualTo(Optional.ofNullable(reason));
  }

  @Test
  void consumingTakesCpuAndMemoryAndMarksThePortsTaken() {
    List<Resource> after = ResourceFit.consume(REMAINING, demand(256, 128, List.of(80), List.of(5353)));

    assertThat(ResourceFit.integer(after, "CPU")).isEqualTo(768);
    assertThat(ResourceFit.integer(after, "MEMORY")).isEqualTo(1872);
    assertThat(ResourceFit.taken(after, "PORTS")).containsExactly("22", "8080", "80");
    assertThat(ResourceFit.taken(after, "PORTS_UDP")).containsExactly("53", "5353");
  }

  @Test
  void releasingGivesBackWhatWasTakenButKeepsReservedPorts() {
    List<Resource> registered = List.of(integer("CPU", 2048), integer("MEMORY", 4000), stringSet("PORTS", "22"),
        stringSet("PORTS_UDP"));
    TaskDemand task = demand(512, 1000, List.of(22, 8080), List.of());
    List<Resource> after = ResourceFit.release(REMAINING, registered, task);

    assertThat(ResourceFit.integer(after, "CPU")).isEqualTo(1536);
    assertThat(ResourceFit.integer(after, "MEMORY")).isEqualTo(3000);
    assertThat(ResourceFit.taken(after, "PORTS")).containsExactly("22");
  }

  @Test
  void releasingNeverGivesBackMoreThanWasRegistered() {
    List<Resource> registered = List.of(integer("CPU", 1024), integer("MEMORY", 2000));
    List<Resource> after = ResourceFit.release(REMAINING, registered, demand(512, 512, List.of(), List.of()));

    assertThat(ResourceFit.integer(after, "CPU")).isEqualTo(1024);
    assertThat(ResourceFit.integer(after, "MEMORY")).isEqualTo(2000);
  }

  @Test
  void consumingThenReleasingRestoresTheRemainingResources() {
    List<Resource> registered = List.of(integer("CPU", 1024), integer("MEMORY", 2000), stringSet("PORTS", "22"),
        stringSet("PORTS_UDP"));
    List<Resource> start = List.of(integer("CPU", 1024), integer("MEMORY", 2000), stringSet("PORTS", "22"),
        stringSet("PORTS_UDP"));
    TaskDemand task = demand(300, 700, List.of(8080, 8443), List.of(514));

    assertThat(ResourceFit.release(ResourceFit.consume(start, task), registered, task)).isEqualTo(start);
  }
}
