package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.placement.query.ClusterQuery;
import dev.gantry.placement.query.QueryPredicates;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A snapshot kept current with {@link ClusterSnapshot#with} must place exactly as a snapshot
 * built afresh from the same instances, whichever columns it had cached when it changed.
 */
class ClusterSnapshotTest {
  private static final List<String> ZONES = List.of("a", "b", "c");
  private static final List<String> TYPES = List.of("m5.large", "m5.xlarge", "c5.large");

  /** What a generated instance is; {@code zone} 3 means no zone attribute. */
  record Spec(int cpu, int memory, boolean active, boolean connected, int zone, int type, int tasksOfG, int tasksOfH) {
    InstanceView view(int id) {
      Instances i = instance("i-" + id, cpu, memory).attribute("ecs.instance-type", TYPES.get(type));
      i = zone < ZONES.size() ? i.attribute("ecs.availability-zone", ZONES.get(zone)) : i;
      i = active ? i : i.status(ContainerInstanceStatus.DRAINING);
      i = connected ? i : i.disconnected();
      return i.tasksOf("g", tasksOfG).tasksOf("h", tasksOfH).view();
    }

    Spec changed(Change c) {
      return switch (c.kind()) {
        case 0 -> new Spec(c.value() * 100, memory, active, connected, zone, type, tasksOfG, tasksOfH);
        case 1 -> new Spec(cpu, c.value() * 100, active, connected, zone, type, tasksOfG, tasksOfH);
        case 2 -> new Spec(cpu, memory, !active, connected, zone, type, tasksOfG, tasksOfH);
        case 3 -> new Spec(cpu, memory, active, !connected, zone, type, tasksOfG, tasksOfH);
        case 4 -> new Spec(cpu, memory, active, connected, c.value() % 4, type, tasksOfG, tasksOfH);
        case 5 -> new Spec(cpu, memory, active, connected, zone, type, c.value() % 3, tasksOfH);
        default -> new Spec(cpu, memory, active, connected, zone, type, tasksOfG, c.value() % 3);
      };
    }
  }

  /** One change to instance {@code instance} (modulo the cluster's size). */
  record Change(int instance, int kind, int value) {}

  /** Some changes applied in one {@code with}, after placing on the snapshot first when {@code warm}. */
  record Step(List<Change> changes, boolean warm) {}

  @Provide
  Arbitrary<List<Spec>> clusters() {
    Arbitrary<Spec> spec = Combinators.combine(Arbitraries.integers().between(0, 20).map(n -> n * 100),
        Arbitraries.integers().between(0, 20).map(n -> n * 100), Arbitraries.of(true, true, true, false),
        Arbitraries.of(true, true, true, false), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1)).as(Spec::new);
    return spec.list().ofMinSize(1).ofMaxSize(10);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Change> change = Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 6),
        Arbitraries.integers().between(0, 20)).as(Change::new);
    return Combinators.combine(change.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false)).as(Step::new)
        .list().ofMaxSize(6);
  }

  private static List<PlacementRequest> requests() {
    ClusterQuery m5 = ClusterQuery.parse("attribute:ecs.instance-type =~ m5.*");
    return List.of(
        PlacementRequest.of("g", 4, TaskDemand.of(300, 300))
            .withConstraints(List.of(new Constraint.MemberOf(m5.expression(), QueryPredicates.of(m5)),
                new Constraint.DistinctInstance()))
            .withStrategies(List.of(new Strategy.Spread(Strategy.AVAILABILITY_ZONE), new Strategy.Spread("instanceId"))),
        PlacementRequest.of("h", 6, TaskDemand.of(200, 100))
            .withStrategies(List.of(new Strategy.Spread(Strategy.AVAILABILITY_ZONE), new Strategy.Binpack(Strategy.Resource.CPU))));
  }

  @Property
  void aSnapshotKeptCurrentPlacesAsOneBuiltAfresh(@ForAll("clusters") List<Spec> cluster, @ForAll("steps") List<Step> steps,
      @ForAll long seed) {
    List<Spec> specs = new ArrayList<>(cluster);
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      views.add(specs.get(i).view(i));
    }
    ClusterSnapshot current = new ClusterSnapshot(views);
    for (Step step : steps) {
      if (step.warm()) {
        for (PlacementRequest r : requests()) {
          PlacementEngine.place(r, current, new SplittableRandom(seed));
        }
      }
      List<InstanceView> changed = new ArrayList<>();
      for (Change c : step.changes()) {
        int i = c.instance() % specs.size();
        specs.set(i, specs.get(i).changed(c));
        views.set(i, specs.get(i).view(i));
        changed.add(views.get(i));
      }
      ClusterSnapshot before = current;
      List<InstanceView> beforeViews = List.copyOf(before.instances());
      current = current.with(changed);
      assertThat(before.instances()).isEqualTo(beforeViews);
      assertThat(current.instances()).isEqualTo(views);
      ClusterSnapshot fresh = new ClusterSnapshot(views);
      for (PlacementRequest r : requests()) {
        assertThat(PlacementEngine.place(r, current, new SplittableRandom(seed)))
            .isEqualTo(PlacementEngine.place(r, fresh, new SplittableRandom(seed)));
      }
    }
  }

  @Test
  void withLeavesTheSnapshotItCameFromAsItWas() {
    InstanceView a = instance("a", 1024, 2048).view();
    InstanceView b = instance("b", 1024, 2048).view();
    ClusterSnapshot before = new ClusterSnapshot(List.of(a, b));
    PlacementRequest twoOfG = PlacementRequest.of("g", 2, TaskDemand.of(1024, 2048));
    PlacementEngine.place(twoOfG, before, new SplittableRandom(1));

    ClusterSnapshot after = before.with(List.of(instance("a", 0, 0).tasksOf("g", 1).view()));

    assertThat(before.instances()).containsExactly(a, b);
    assertThat(PlacementEngine.place(twoOfG, before, new SplittableRandom(1))).isInstanceOf(PlacementResult.Placed.class);
    assertThat(PlacementEngine.place(twoOfG, after, new SplittableRandom(1))).isInstanceOf(PlacementResult.Unplaced.class);
  }

  @Test
  void anInstanceWithAnArnNotYetInTheSnapshotIsAddedAtTheEnd() {
    ClusterSnapshot snapshot = new ClusterSnapshot(List.of(instance("a", 1, 1).view()))
        .with(List.of(instance("b", 2, 2).view(), instance("a", 3, 3).view()));

    assertThat(snapshot.instances()).containsExactly(instance("a", 3, 3).view(), instance("b", 2, 2).view());
    assertThat(snapshot.instance(instance("b", 0, 0).view().containerInstanceArn())).hasValue(instance("b", 2, 2).view());
  }

  @Test
  void instanceFindsAnInstanceByItsArnOrSaysItIsNotThere() {
    InstanceView a = instance("a", 1, 1).view();
    ClusterSnapshot snapshot = new ClusterSnapshot(List.of(a));

    assertThat(snapshot.instance(a.containerInstanceArn())).hasValue(a);
    assertThat(snapshot.instance("arn:aws:ecs:us-east-1:000000000000:container-instance/c/nope")).isEmpty();
  }
}
