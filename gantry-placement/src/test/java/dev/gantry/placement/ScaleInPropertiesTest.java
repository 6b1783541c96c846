package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of scale-in over generated services; tries come from jqwik.tries (more with -Pexhaustive). */
class ScaleInPropertiesTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/";
  private static final List<String> ZONES = List.of("a", "b", "c");

  record Node(int memory, int zone, int tasks) {}

  /** A service: its instances and tasks, plus tasks on instances that were deregistered. */
  record Service(List<Node> nodes, int orphans) {
    ClusterSnapshot snapshot() {
      List<InstanceView> views = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        views.add(instance("i-" + i, 4096, n.memory()).attribute("ecs.availability-zone", ZONES.get(n.zone())).view());
      }
      return new ClusterSnapshot(views);
    }

    List<PlacedTask> tasks() {
      List<PlacedTask> tasks = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        for (int t = 0; t < nodes.get(i).tasks(); t++) {
          tasks.add(new PlacedTask("t-" + i + "-" + t, ARN + "i-" + i));
        }
      }
      for (int t = 0; t < orphans; t++) {
        tasks.add(new PlacedTask("orphan-" + t, ARN + "gone-" + t));
      }
      return tasks;
    }

    int node(String taskArn) {
      return Integer.parseInt(taskArn.split("-")[1]);
    }
  }

  @Provide
  Arbitrary<Service> services() {
    Arbitrary<Node> node = Combinators.combine(Arbitraries.integers().between(0, 8192),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 4)).as(Node::new);
    return Combinators.combine(node.list().ofMinSize(1).ofMaxSize(12), Arbitraries.integers().between(0, 3))
        .as(Service::new);
  }

  @Provide
  Arbitrary<Service> activeOnly() {
    return services().map(s -> new Service(s.nodes(), 0));
  }

  @Provide
  Arbitrary<List<Strategy>> tieBreakers() {
    Arbitrary<Strategy> one = Arbitraries.of(new Strategy.Random(), new Strategy.Spread("instanceId"),
        new Strategy.Binpack(Strategy.Resource.CPU), new Strategy.Binpack(Strategy.Resource.MEMORY));
    return one.list().ofMaxSize(PlacementRequest.MAX_STRATEGIES - 1);
  }

  private static List<String> stop(Service s, List<Strategy> strategies, int count, long seed) {
    return ScaleIn.tasksToStop(s.tasks(), strategies, s.snapshot(), count, new SplittableRandom(seed));
  }

  private static Map<Integer, Integer> perZone(Service s, List<String> remainingTasks) {
    Map<Integer, Integer> out = new HashMap<>();
    s.nodes().forEach(n -> out.put(n.zone(), 0));
    remainingTasks.forEach(t -> out.merge(s.nodes().get(s.node(t)).zone(), 1, Integer::sum));
    return out;
  }

  @Property
  void spreadNeverUnbalancesTheZonesMoreThanItMust(@ForAll("activeOnly") Service s,
      @ForAll("tieBreakers") List<Strategy> tieBreakers, @ForAll @IntRange(min = 0, max = 50) int count,
      @ForAll long seed) {
    List<Strategy> strategies = new ArrayList<>(List.of(new Strategy.Spread(Strategy.AVAILABILITY_ZONE)));
    strategies.addAll(tieBreakers);
    List<String> all = s.tasks().stream().map(PlacedTask::taskArn).toList();
    java.util.Set<String> stopped = new HashSet<>(stop(s, strategies, count, seed));
    List<String> kept = all.stream().filter(t -> !stopped.contains(t)).toList();
    Map<Integer, Integer> before = perZone(s, all);
    Map<Integer, Integer> after = perZone(s, kept);
    int maxAfter = after.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int minAfter = after.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    int maxBefore = before.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int minBefore = before.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    // a zone only loses tasks while it is among the busiest
    after.forEach((zone, n) -> {
      if (n < before.get(zone)) {
        assertThat(n).isGreaterThanOrEqualTo(maxAfter - 1);
      }
    });
    if (maxBefore - minBefore <= 1) {
      assertThat(maxAfter - minAfter).isLessThanOrEqualTo(1);
    }
  }

  @Property
  void spreadByInstanceKeepsInstancesWithinOneTaskWhenTheyWere(@ForAll @IntRange(min = 1, max = 10) int instances,
      @ForAll @IntRange(min = 0, max = 40) int tasks, @ForAll @IntRange(min = 0, max = 40) int count,
      @ForAll long seed) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      // tasks dealt round-robin: every instance within one task of the others
      nodes.add(new Node(1024, i % 3, tasks / instances + (i < tasks % instances ? 1 : 0)));
    }
    Service s = new Service(nodes, 0);
    List<String> stopped = stop(s, List.of(new Strategy.Spread("instanceId")), count, seed);
    int[] left = nodes.stream().mapToInt(Node::tasks).toArray();
    stopped.forEach(t -> left[s.node(t)]--);
    int max = java.util.Arrays.stream(left).max().orElse(0);
    int min = java.util.Arrays.stream(left).min().orElse(0);
    assertThat(max - min).isLessThanOrEqualTo(1);
  }

  @Property
  void binpackStopsFromTheInstanceWithMostOfTheResourceLeft(@ForAll("activeOnly") Service s,
      @ForAll("tieBreakers") List<Strategy> tieBreakers, @ForAll @IntRange(min = 0, max = 50) int count,
      @ForAll long seed) {
    List<Strategy> strategies = new ArrayList<>(List.of(new Strategy.Binpack(Strategy.Resource.MEMORY)));
    strategies.addAll(tieBreakers);
    List<String> stopped = stop(s, strategies, count, seed);
    int[] left = s.nodes().stream().mapToInt(Node::tasks).toArray();
    for (String task : stopped) {
      int memory = s.nodes().get(s.node(task)).memory();
      for (int i = 0; i < left.length; i++) {
        if (left[i] > 0) {
          assertThat(memory).isGreaterThanOrEqualTo(s.nodes().get(i).memory());
        }
      }
      left[s.node(task)]--;
    }
  }

  @Property
  void stopsTheRequestedNumberOfDistinctTasksOrphansFirst(@ForAll("services") Service s,
      @ForAll("tieBreakers") List<Strategy> strategies, @ForAll @IntRange(min = 0, max = 50) int count,
      @ForAll long seed) {
    List<String> stopped = stop(s, strategies, count, seed);
    List<String> all = s.tasks().stream().map(PlacedTask::taskArn).toList();
    assertThat(stopped).hasSize(Math.min(count, all.size())).doesNotHaveDuplicates();
    assertThat(all).containsAll(stopped);
    for (int i = 0; i < stopped.size(); i++) {
      assertThat(stopped.get(i).startsWith("orphan-")).isEqualTo(i < s.orphans());
    }
  }

  @Property
  void theSameSeedGivesTheSameStops(@ForAll("services") Service s, @ForAll("tieBreakers") List<Strategy> strategies,
      @ForAll @IntRange(min = 0, max = 50) int count, @ForAll long seed) {
    assertThat(stop(s, strategies, count, seed)).isEqualTo(stop(s, strategies, count, seed));
  }
}
