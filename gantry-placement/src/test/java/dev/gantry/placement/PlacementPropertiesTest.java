package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of placement over generated clusters; tries come from jqwik.tries (more with -Pexhaustive). */
class PlacementPropertiesTest {
  private static final List<String> ZONES = List.of("a", "b", "c");

  record Node(int cpu, int memory, int zone, int groupTasks) {}

  @Provide
  Arbitrary<List<Node>> clusters() {
    Arbitrary<Node> node = Combinators.combine(Arbitraries.integers().between(0, 4096),
        Arbitraries.integers().between(0, 8192), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 2)).as(Node::new);
    return node.list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<Strategy>> strategies() {
    Arbitrary<Strategy> one = Arbitraries.of(new Strategy.Random(), new Strategy.Spread("instanceId"),
        new Strategy.Spread(Strategy.AVAILABILITY_ZONE), new Strategy.Binpack(Strategy.Resource.CPU),
        new Strategy.Binpack(Strategy.Resource.MEMORY));
    return one.list().ofMaxSize(PlacementRequest.MAX_STRATEGIES);
  }

  private static ClusterSnapshot snapshot(List<Node> nodes) {
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      views.add(instance("i-" + i, n.cpu(), n.memory()).attribute("ecs.availability-zone", ZONES.get(n.zone()))
          .tasksOf("g", n.groupTasks()).view());
    }
    return new ClusterSnapshot(views);
  }

  private static Map<String, Long> perInstance(PlacementResult result) {
    return result.placements().stream().collect(Collectors.groupingBy(PlacementResult.Placement::containerInstanceArn,
        Collectors.counting()));
  }

  @Property
  void anInstanceIsNeverOvercommitted(@ForAll("clusters") List<Node> nodes, @ForAll("strategies") List<Strategy> strategies,
      @ForAll @IntRange(min = 0, max = 1024) int cpu, @ForAll @IntRange(min = 0, max = 2048) int memory,
      @ForAll boolean withPort, @ForAll @IntRange(min = 0, max = 40) int count, @ForAll long seed) {
    ClusterSnapshot snapshot = snapshot(nodes);
    TaskDemand demand = new TaskDemand(cpu, memory, withPort ? List.of(8080) : List.of(), List.of(), false);
    PlacementResult result = PlacementEngine.place(PlacementRequest.of("g", count, demand).withStrategies(strategies),
        snapshot, new SplittableRandom(seed));
    Map<String, Long> placed = perInstance(result);
    for (InstanceView v : snapshot.instances()) {
      long n = placed.getOrDefault(v.containerInstanceArn(), 0L);
      assertThat(n * cpu).isLessThanOrEqualTo(v.remainingCpu());
      assertThat(n * memory).isLessThanOrEqualTo(v.remainingMemory());
      assertThat(withPort ? n : 0).isLessThanOrEqualTo(1);
    }
    assertThat(result.placements().size() + (result instanceof PlacementResult.Unplaced u ? u.unplacedCount() : 0))
        .isEqualTo(count);
  }

  @Property
  void dynamicHostPortsAreNeverOverbooked(@ForAll("clusters") List<Node> nodes, @ForAll("strategies") List<Strategy> strategies,
      @ForAll @IntRange(min = 0, max = 12) int held, @ForAll @IntRange(min = 1, max = 5) int perTask,
      @ForAll @IntRange(min = 0, max = 40) int count, @ForAll long seed) {
    List<InstanceView> views = new ArrayList<>();
    for (InstanceView v : snapshot(nodes).instances()) {
      // a 12-port ephemeral range, partly held already
      views.add(new Instances(v).attribute(InstanceView.DYNAMIC_HOST_PORT_RANGE, "60000-60011").dynamicPortsHeld(held)
          .view());
    }
    TaskDemand demand = new TaskDemand(0, 0, List.of(), List.of(), false, perTask);
    Map<String, Long> placed = perInstance(PlacementEngine.place(
        PlacementRequest.of("g", count, demand).withStrategies(strategies), new ClusterSnapshot(views),
        new SplittableRandom(seed)));
    for (InstanceView v : views) {
      assertThat(held + placed.getOrDefault(v.containerInstanceArn(), 0L) * perTask).isLessThanOrEqualTo(12);
    }
    long room = views.size() * (long) Math.max(0, (12 - held) / perTask);
    assertThat(placed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(Math.min(count, room));
  }

  /**
   * Mixed-architecture clusters (node.groupTasks() picks arm64, x86_64 or no attribute): a task
   * that names an architecture lands only on instances of it, and every instance of it with room
   * is used before any task is refused.
   */
  @Property
  void aTaskLandsOnlyOnInstancesOfItsCpuArchitecture(@ForAll("clusters") List<Node> nodes,
      @ForAll("strategies") List<Strategy> strategies, @ForAll boolean arm64, @ForAll @IntRange(min = 0, max = 30) int count,
      @ForAll long seed) {
    List<String> architectures = java.util.Arrays.asList("arm64", "x86_64", null);
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      Instances one = instance("i-" + i, n.cpu(), n.memory());
      String architecture = architectures.get(n.groupTasks());
      views.add((architecture == null ? one : one.attribute(InstanceFilter.CPU_ARCHITECTURE, architecture)).view());
    }
    String wanted = arm64 ? "ARM64" : "X86_64";
    PlacementResult result = PlacementEngine.place(PlacementRequest.of("g", count,
        TaskDemand.of(256, 512).withCpuArchitecture(wanted)).withStrategies(strategies), new ClusterSnapshot(views),
        new SplittableRandom(seed));
    Map<String, InstanceView> byArn = views.stream().collect(Collectors.toMap(InstanceView::containerInstanceArn,
        v -> v));
    for (String arn : perInstance(result).keySet()) {
      String has = byArn.get(arn).attribute(InstanceFilter.CPU_ARCHITECTURE).orElse("x86_64");
      assertThat(has).isEqualTo(arm64 ? "arm64" : "x86_64");
    }
    long room = views.stream()
        .filter(v -> v.attribute(InstanceFilter.CPU_ARCHITECTURE).orElse("x86_64").equals(arm64 ? "arm64" : "x86_64"))
        .mapToLong(v -> Math.min(v.remainingCpu() / 256, v.remainingMemory() / 512)).sum();
    assertThat(result.placements()).hasSize((int) Math.min(count, room));
  }

  @Property
  void distinctInstanceNeverPutsTwoTasksOfTheGroupOnOneInstance(@ForAll("clusters") List<Node> nodes,
      @ForAll("strategies") List<Strategy> strategies, @ForAll @IntRange(min = 0, max = 20) int count, @ForAll long seed) {
    ClusterSnapshot snapshot = snapshot(nodes);
    PlacementRequest request = PlacementRequest.of("g", count, TaskDemand.of(1, 1))
        .withConstraints(List.of(new Constraint.DistinctInstance())).withStrategies(strategies);
    Map<String, Long> placed = perInstance(PlacementEngine.place(request, snapshot, new SplittableRandom(seed)));
    for (InstanceView v : snapshot.instances()) {
      assertThat(v.tasksOfGroup("g") + placed.getOrDefault(v.containerInstanceArn(), 0L)).isLessThanOrEqualTo(
          Math.max(1, v.tasksOfGroup("g")));
      if (v.tasksOfGroup("g") > 0) {
        assertThat(placed).doesNotContainKey(v.containerInstanceArn());
      }
    }
  }

  @Property
  void spreadKeepsEveryZoneWithinOneTaskOfTheOthersWhenCapacityAllows(
      @ForAll @IntRange(min = 1, max = 20) int instances, @ForAll @IntRange(min = 0, max = 60) int count,
      @ForAll("strategies") List<Strategy> tieBreakers, @ForAll long seed) {
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      views.add(instance("i-" + i, 100_000, 100_000).attribute("ecs.availability-zone", ZONES.get(i % 3)).view());
    }
    List<Strategy> strategies = new ArrayList<>(List.of(new Strategy.Spread(Strategy.AVAILABILITY_ZONE)));
    strategies.addAll(tieBreakers.subList(0, Math.min(tieBreakers.size(), 4)));
    PlacementRequest request = PlacementRequest.of("g", count, TaskDemand.of(256, 512)).withStrategies(strategies);
    Map<String, String> zoneOf = views.stream().collect(Collectors.toMap(InstanceView::containerInstanceArn,
        v -> v.attribute("ecs.availability-zone").orElseThrow()));
    Map<String, Long> perZone = new HashMap<>();
    zoneOf.values().forEach(z -> perZone.put(z, 0L));
    PlacementEngine.place(request, new ClusterSnapshot(views), new SplittableRandom(seed)).placements()
        .forEach(p -> perZone.merge(zoneOf.get(p.containerInstanceArn()), 1L, Long::sum));
    long max = perZone.values().stream().mapToLong(Long::longValue).max().orElse(0);
    long min = perZone.values().stream().mapToLong(Long::longValue).min().orElse(0);
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Property
  void spreadByInstanceKeepsInstancesWithinOneTaskOfEachOther(@ForAll @IntRange(min = 1, max = 20) int instances,
      @ForAll @IntRange(min = 0, max = 60) int count, @ForAll long seed) {
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      views.add(instance("i-" + i, 100_000, 100_000).view());
    }
    PlacementRequest request = PlacementRequest.of("g", count, TaskDemand.of(256, 512))
        .withStrategies(List.of(new Strategy.Spread("host")));
    Map<String, Long> placed = perInstance(PlacementEngine.place(request, new ClusterSnapshot(views), new SplittableRandom(seed)));
    long max = views.stream().mapToLong(v -> placed.getOrDefault(v.containerInstanceArn(), 0L)).max().orElse(0);
    long min = views.stream().mapToLong(v -> placed.getOrDefault(v.containerInstanceArn(), 0L)).min().orElse(0);
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Property
  void theSameSeedGivesTheSamePlacements(@ForAll("clusters") List<Node> nodes, @ForAll("strategies") List<Strategy> strategies,
      @ForAll @IntRange(min = 0, max = 30) int count, @ForAll long seed) {
    ClusterSnapshot snapshot = snapshot(nodes);
    PlacementRequest request = PlacementRequest.of("g", count, TaskDemand.of(128, 256)).withStrategies(strategies);
    PlacementResult first = PlacementEngine.place(request, snapshot, new SplittableRandom(seed));
    PlacementResult second = PlacementEngine.place(request, snapshot, new SplittableRandom(seed));
    assertThat(second).isEqualTo(first);
  }
}
