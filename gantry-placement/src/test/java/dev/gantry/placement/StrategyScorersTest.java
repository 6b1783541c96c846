package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StrategyScorersTest {
  private static final TaskDemand TASK = TaskDemand.of(256, 512);

  private static List<String> place(PlacementRequest request, List<Instances> instances, long seed) {
    ClusterSnapshot snapshot = new ClusterSnapshot(instances.stream().map(Instances::view).toList());
    return PlacementEngine.place(request, snapshot, new SplittableRandom(seed)).placements().stream()
        .map(p -> p.containerInstanceArn().substring(p.containerInstanceArn().lastIndexOf('/') + 1)).toList();
  }

  private static Map<String, Long> histogram(List<String> ids) {
    return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  @Test
  void binpackOnMemoryFillsTheFullestInstanceFirst() {
    PlacementRequest request = PlacementRequest.of("g", 3, TASK).withStrategies(List.of(new Strategy.Binpack(Strategy.Resource.MEMORY)));
    List<String> placed = place(request, List.of(instance("roomy", 4096, 8192), instance("tight", 4096, 1024)), 7);
    assertThat(placed).containsExactly("tight", "tight", "roomy");
  }

  @Test
  void binpackOnCpuLooksAtCpuNotMemory() {
    PlacementRequest request = PlacementRequest.of("g", 1, TASK).withStrategies(List.of(new Strategy.Binpack(Strategy.Resource.CPU)));
    assertThat(place(request, List.of(instance("a", 4096, 1024), instance("b", 512, 8192)), 7)).containsExactly("b");
  }

  @Test
  void spreadByInstanceIdCountsTasksAlreadyRunning() {
    PlacementRequest request = PlacementRequest.of("g", 2, TASK).withStrategies(List.of(new Strategy.Spread("instanceId")));
    List<String> placed = place(request, List.of(instance("busy", 4096, 8192).tasksOf("g", 2), instance("idle", 4096, 8192)), 3);
    assertThat(placed).containsExactly("idle", "idle");
  }

  @Test
  void spreadByZoneBalancesZonesThenTheNextStrategyBreaksTies() {
    List<Instances> cluster = List.of(
        instance("a1", 8192, 16384).attribute("ecs.availability-zone", "a"),
        instance("a2", 8192, 2048).attribute("ecs.availability-zone", "a"),
        instance("b1", 8192, 16384).attribute("ecs.availability-zone", "b"));
    PlacementRequest request = PlacementRequest.of("g", 4, TASK).withStrategies(List.of(
        new Strategy.Spread(Strategy.AVAILABILITY_ZONE), new Strategy.Binpack(Strategy.Resource.MEMORY)));
    List<String> placed = place(request, cluster, 11);
    assertThat(histogram(placed)).containsEntry("a2", 2L).containsEntry("b1", 2L).doesNotContainKey("a1");
  }

  @Test
  void theServiceDefaultSpreadsZonesThenInstances() {
    List<Instances> cluster = List.of(
        instance("a1", 8192, 16384).attribute("ecs.availability-zone", "a"),
        instance("a2", 8192, 16384).attribute("ecs.availability-zone", "a"),
        instance("b1", 8192, 16384).attribute("ecs.availability-zone", "b"));
    PlacementRequest request = PlacementRequest.of("service:web", 4, TASK).withStrategies(Strategy.serviceDefault());
    assertThat(histogram(place(request, cluster, 5))).containsOnly(Map.entry("a1", 1L), Map.entry("a2", 1L), Map.entry("b1", 2L));
  }

  @Test
  void randomStrategyUsesEveryEligibleInstanceOverManyTasks() {
    PlacementRequest request = PlacementRequest.of("g", 300, TaskDemand.of(0, 0)).withStrategies(List.of(new Strategy.Random()));
    List<String> placed = place(request, List.of(instance("a", 1, 1), instance("b", 1, 1), instance("c", 1, 1)), 9);
    assertThat(histogram(placed)).hasSize(3).allSatisfy((id, n) -> assertThat(n).isBetween(60L, 140L));
  }

  @Test
  void placementStopsWhenCapacityRunsOutAndExplainsEveryInstance() {
    PlacementRequest request = PlacementRequest.of("g", 5, TASK);
    PlacementResult result = PlacementEngine.place(request, new ClusterSnapshot(List.of(
        instance("cpu", 512, 8192).view(), instance("mem", 8192, 1024).view(), instance("off", 8192, 8192).disconnected().view())),
        new SplittableRandom(2));
    assertThat(result).isInstanceOfSatisfying(PlacementResult.Unplaced.class, u -> {
      assertThat(u.placements()).hasSize(4);
      assertThat(u.unplacedCount()).isEqualTo(1);
      assertThat(u.excluded()).containsOnly(Map.entry(FailureReason.RESOURCE_CPU, 1), Map.entry(FailureReason.RESOURCE_MEMORY, 1),
          Map.entry(FailureReason.AGENT, 1));
      assertThat(u.detail()).isEqualTo("1 task not placed: of 3 container instances, 1 excluded by AGENT, "
          + "1 excluded by RESOURCE:CPU, 1 excluded by RESOURCE:MEMORY");
    });
  }

  @Test
  void anEmptyClusterSaysSo() {
    PlacementResult result = PlacementEngine.place(PlacementRequest.of("g", 2, TASK), new ClusterSnapshot(List.of()), new SplittableRandom(1));
    assertThat(result).isInstanceOfSatisfying(PlacementResult.Unplaced.class,
        u -> assertThat(u.detail()).isEqualTo("2 tasks not placed: the cluster has no container instances"));
  }

  @Test
  void aStaticPortTakenByAnEarlierTaskOfTheCallKeepsTheNextOneOff() {
    PlacementRequest request = PlacementRequest.of("g", 3, new TaskDemand(0, 0, List.of(8080), List.of(), false));
    PlacementResult result = PlacementEngine.place(request,
        new ClusterSnapshot(List.of(instance("a", 8192, 8192).view(), instance("b", 8192, 8192).view())), new SplittableRandom(4));
    assertThat(result.placements()).hasSize(2).doesNotHaveDuplicates();
    assertThat(((PlacementResult.Unplaced) result).excluded()).containsOnly(Map.entry(FailureReason.RESOURCE_PORTS, 2));
  }

  @Test
  void dynamicHostPortsTakenByEarlierTasksOfTheCallCountAgainstTheRange() {
    PlacementRequest request = PlacementRequest.of("g", 4, new TaskDemand(0, 0, List.of(), List.of(), false, 3));
    InstanceView tenPorts = instance("a", 8192, 8192).attribute(InstanceView.DYNAMIC_HOST_PORT_RANGE, "50000-50009")
        .view();
    PlacementResult result = PlacementEngine.place(request, new ClusterSnapshot(List.of(tenPorts)), new SplittableRandom(4));
    assertThat(result.placements()).hasSize(3);
    assertThat(((PlacementResult.Unplaced) result).excluded()).containsOnly(Map.entry(FailureReason.RESOURCE_PORTS, 1));
  }

  @Test
  void aSpreadFieldOtherThanInstanceIdHostOrAttributeIsRefused() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new Strategy.Spread("zone"))
        .withMessageContaining("'zone'");
  }
}
