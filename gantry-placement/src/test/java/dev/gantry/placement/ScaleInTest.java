package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.gantry.model.ContainerInstanceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which tasks a service stops when it scales in, per strategy. */
class ScaleInTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/";
  private static final Strategy ZONE = new Strategy.Spread(Strategy.AVAILABILITY_ZONE);
  private static final Strategy MEMORY = new Strategy.Binpack(Strategy.Resource.MEMORY);

  /** An instance of the cluster and how many tasks of the service it runs. */
  record Host(Instances instance, int tasks) {}

  private static Host host(String id, String zone, int tasks) {
    return new Host(instance(id, 4096, 8192).attribute("ecs.availability-zone", zone), tasks);
  }

  private static Host host(String id, int cpu, int memory, int tasks) {
    return new Host(instance(id, cpu, memory).attribute("ecs.availability-zone", "a"), tasks);
  }

  /** A host the snapshot does not hold: its instance was deregistered. */
  private static Host gone(String id, int tasks) {
    return new Host(instance(id, 0, 0), -tasks);
  }

  private static ClusterSnapshot snapshot(List<Host> hosts) {
    return new ClusterSnapshot(hosts.stream().filter(h -> h.tasks() >= 0).map(h -> h.instance().view()).toList());
  }

  /** Tasks named {@code <instance id>/<n>}, so a stopped task says where it ran. */
  private static List<PlacedTask> tasks(List<Host> hosts) {
    List<PlacedTask> tasks = new ArrayList<>();
    for (Host h : hosts) {
      String id = h.instance().view().ec2InstanceId();
      for (int n = 0; n < Math.abs(h.tasks()); n++) {
        tasks.add(new PlacedTask(id + "/" + n, ARN + id));
      }
    }
    return tasks;
  }

  private static Map<String, Integer> stoppedPerInstance(List<String> stopped) {
    Map<String, Integer> out = new TreeMap<>();
    stopped.forEach(t -> out.merge(t.substring(0, t.indexOf('/')), 1, Integer::sum));
    return out;
  }

  private static List<String> stop(List<Host> hosts, List<Strategy> strategies, int count, long seed) {
    return ScaleIn.tasksToStop(tasks(hosts), strategies, snapshot(hosts), count, new SplittableRandom(seed));
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        row("nothing to stop without tasks", List.of(host("a1", "a", 0)), List.of(ZONE), 2, Map.of()),
        row("count 0 stops nothing", List.of(host("a1", "a", 3)), List.of(ZONE), 0, Map.of()),
        row("a count beyond the tasks stops them all", List.of(host("a1", "a", 2), host("b1", "b", 1)),
            List.of(ZONE), 9, Map.of("a1", 2, "b1", 1)),
        row("tasks on a deregistered instance go first", List.of(host("a1", "a", 5), gone("x1", 2)),
            List.of(ZONE), 2, Map.of("x1", 2)),
        row("tasks on a DRAINING instance go next",
            List.of(host("a1", "a", 5), new Host(instance("d1", 4096, 8192).attribute("ecs.availability-zone", "b")
                .status(ContainerInstanceStatus.DRAINING), 1)), List.of(ZONE), 2, Map.of("d1", 1, "a1", 1)),
        row("spread by zone stops from the zone with most tasks",
            List.of(host("a1", "a", 3), host("b1", "b", 1), host("c1", "c", 1)), List.of(ZONE), 2, Map.of("a1", 2)),
        row("spread by instanceId stops from the instance with most tasks",
            List.of(host("a1", "a", 3), host("a2", "a", 1)), List.of(new Strategy.Spread("instanceId")), 2,
            Map.of("a1", 2)),
        row("spread by host is spread by instanceId",
            List.of(host("a1", "a", 1), host("a2", "a", 4)), List.of(new Strategy.Spread("host")), 3, Map.of("a2", 3)),
        row("the service default stops from the busiest zone, then its busiest instance",
            List.of(host("a1", "a", 1), host("a2", "a", 3), host("b1", "b", 2)), List.of(), 2, Map.of("a2", 2)),
        row("binpack on memory stops where most memory is left",
            List.of(host("m1", 4096, 1000, 2), host("m2", 4096, 4000, 2), host("m3", 4096, 2000, 1)),
            List.of(MEMORY), 3, Map.of("m2", 2, "m3", 1)),
        row("binpack on cpu looks at cpu, not memory",
            List.of(host("c1", 512, 9000, 1), host("c2", 3000, 100, 1)),
            List.of(new Strategy.Binpack(Strategy.Resource.CPU)), 1, Map.of("c2", 1)),
        row("a deregistered instance's tasks go first with binpack too",
            List.of(host("m1", 4096, 9000, 2), gone("x1", 1)), List.of(MEMORY), 1, Map.of("x1", 1)),
        row("spread by zone, then binpack within the busiest zone",
            List.of(host("a1", 4096, 1000, 2), host("a2", 4096, 3000, 1),
                new Host(instance("b1", 4096, 9000).attribute("ecs.availability-zone", "b"), 1)),
            List.of(ZONE, MEMORY), 2, Map.of("a1", 1, "a2", 1)));
  }

  private static Arguments row(String name, List<Host> hosts, List<Strategy> strategies, int count,
      Map<String, Integer> expected) {
    return Arguments.of(name, hosts, strategies, count, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachStrategyStopsTheTasksEcsWould(String name, List<Host> hosts, List<Strategy> strategies, int count,
      Map<String, Integer> expected) {
    for (long seed = 0; seed < 20; seed++) {
      List<String> stopped = stop(hosts, strategies, count, seed);
      assertThat(stopped).doesNotHaveDuplicates();
      assertThat(stoppedPerInstance(stopped)).as("seed " + seed).isEqualTo(expected);
    }
  }

  @Test
  void spreadByZoneCountsEveryInstanceOfTheZone() {
    // b1 is the busiest instance, but zone a holds more tasks
    List<Host> hosts = List.of(host("a1", "a", 2), host("a2", "a", 2), host("b1", "b", 3));
    for (long seed = 0; seed < 20; seed++) {
      assertThat(stoppedPerInstance(stop(hosts, List.of(ZONE), 1, seed))).containsAnyOf(Map.entry("a1", 1),
          Map.entry("a2", 1));
    }
  }

  @Test
  void instancesWithoutTheSpreadAttributeShareOneValue() {
    List<Host> hosts = List.of(host("a1", "a", 1), new Host(instance("n1", 4096, 8192), 1),
        new Host(instance("n2", 4096, 8192), 1));
    for (long seed = 0; seed < 20; seed++) {
      assertThat(stoppedPerInstance(stop(hosts, List.of(ZONE), 1, seed))).doesNotContainKey("a1");
    }
  }

  @Test
  void tiedZonesAndInstancesAreChosenAtRandom() {
    List<Host> hosts = List.of(host("a1", "a", 1), host("a2", "a", 1), host("b1", "b", 2));
    Map<String, Integer> firstStops = new HashMap<>();
    for (long seed = 0; seed < 200; seed++) {
      firstStops.merge(stoppedPerInstance(stop(hosts, List.of(ZONE), 1, seed)).keySet().iterator().next(), 1,
          Integer::sum);
    }
    // zones a and b both hold 2 tasks, so every instance ties: each is chosen about a third of the time
    assertThat(firstStops).containsOnlyKeys("a1", "a2", "b1").allSatisfy((id, n) -> assertThat(n).isBetween(40, 95));
  }

  @Test
  void randomStopsAnywhere() {
    List<Host> hosts = List.of(host("m1", 4096, 100, 5), host("m2", 4096, 9000, 5));
    Map<String, Integer> seen = new HashMap<>();
    for (long seed = 0; seed < 50; seed++) {
      stoppedPerInstance(stop(hosts, List.of(new Strategy.Random(), MEMORY), 1, seed))
          .forEach((id, n) -> seen.merge(id, n, Integer::sum));
    }
    assertThat(seen).containsOnlyKeys("m1", "m2");
  }

  @Test
  void binpackKeepsEmptyingTheInstanceItStartedOnWhenTwoAreEqual() {
    List<Host> hosts = List.of(host("e1", 4096, 2000, 2), host("e2", 4096, 2000, 2));
    for (long seed = 0; seed < 20; seed++) {
      assertThat(stoppedPerInstance(stop(hosts, List.of(MEMORY), 2, seed))).hasSize(1).containsValue(2);
    }
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ScaleIn.tasksToStop(List.of(), List.of(), new ClusterSnapshot(List.of()), -1,
            new SplittableRandom(1)))
        .withMessageContaining("-1");
  }
}
