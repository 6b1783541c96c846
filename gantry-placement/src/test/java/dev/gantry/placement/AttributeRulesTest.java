package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.placement.query.ClusterQuery;
import dev.gantry.placement.query.QueryPredicates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Rules that read attributes alone (memberOf on attributes, OS family, required attributes, the
 * Windows memory rule) are asked once per distinct combination of values, and must answer
 * exactly as if asked of every instance.
 */
class AttributeRulesTest {
  private static final String TYPE = "ecs.instance-type";
  private static final List<String> TYPES = List.of("m5.large", "m5.xlarge", "c5.large", "c5.xlarge");

  /** A memberOf on the instance type that counts how often it is asked. */
  record CountingPredicate(AtomicInteger asked, Optional<Set<String>> attributesRead) implements InstancePredicate {
    @Override
    public boolean test(InstanceView instance) {
      asked.incrementAndGet();
      return instance.attribute(TYPE).orElse("").startsWith("m5.");
    }
  }

  @Test
  void aMemberOfOnAttributesAloneIsAskedOncePerDistinctValueAndPlacesAsIfAskedPerInstance() {
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      views.add(instance("i-" + i, 4096, 8192).attribute(TYPE, TYPES.get(i % TYPES.size())).view());
    }
    ClusterSnapshot snapshot = new ClusterSnapshot(views);
    CountingPredicate perValue = new CountingPredicate(new AtomicInteger(), Optional.of(Set.of(TYPE)));
    CountingPredicate perInstance = new CountingPredicate(new AtomicInteger(), Optional.empty());
    PlacementRequest request = PlacementRequest.of("g", 20, TaskDemand.of(256, 512))
        .withStrategies(List.of(new Strategy.Spread("instanceId")));

    PlacementResult hinted = PlacementEngine.place(request.withConstraints(List.of(new Constraint.MemberOf("m5", perValue))),
        snapshot, new SplittableRandom(3));
    PlacementResult plain = PlacementEngine.place(request.withConstraints(List.of(new Constraint.MemberOf("m5", perInstance))),
        snapshot, new SplittableRandom(3));

    assertThat(perValue.asked()).hasValue(TYPES.size());
    assertThat(perInstance.asked()).hasValue(views.size());
    assertThat(hinted).isEqualTo(plain);
  }

  @Test
  void anAbsentAttributeAndAnEmptyValueAreDifferentValues() {
    InstanceView[] views = {instance("a", 1, 1).view(), instance("b", 1, 1).attribute("x", "").view(),
        instance("c", 1, 1).view(), instance("d", 1, 1).attribute("x", "").view()};

    AttributeColumn x = AttributeColumn.of(views, "x");

    assertThat(x.classes()).isEqualTo(2);
    assertThat(List.of(x.classOf(0), x.classOf(1), x.classOf(2), x.classOf(3))).containsExactly(0, 1, 0, 1);
    assertThat(List.of(x.representative(0), x.representative(1))).containsExactly(0, 1);
  }

  @Test
  void combinedColumnsHaveOneClassPerPairOfValuesThatOccurs() {
    InstanceView[] views = {
        instance("a", 1, 1).attribute("zone", "1").attribute(TYPE, "m5").view(),
        instance("b", 1, 1).attribute("zone", "1").attribute(TYPE, "c5").view(),
        instance("c", 1, 1).attribute("zone", "2").attribute(TYPE, "m5").view(),
        instance("d", 1, 1).attribute("zone", "1").attribute(TYPE, "m5").view()};

    AttributeColumn both = AttributeColumn.combine(AttributeColumn.of(views, "zone"), AttributeColumn.of(views, TYPE));

    assertThat(both.classes()).isEqualTo(3);
    assertThat(List.of(both.classOf(0), both.classOf(1), both.classOf(2), both.classOf(3))).containsExactly(0, 1, 2, 0);
  }

  /** One instance's attributes, each null where the instance lacks it. */
  record Attributes(String osFamily, String workaround, String stack, String type) {
    InstanceView view(int id) {
      Instances i = new Instances(withoutAttributes(instance("i-" + id, 1, 1).view()));
      i = osFamily == null ? i : i.attribute(InstanceFilter.OS_FAMILY, osFamily);
      i = workaround == null ? i : i.attribute(InstanceFilter.WINDOWS_MEMORY_WORKAROUND, workaround);
      i = stack == null ? i : i.attribute("stack", stack);
      return type == null ? i.view() : i.attribute(TYPE, type).view();
    }
  }

  private static InstanceView withoutAttributes(InstanceView v) {
    return new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), v.agentConnected(), v.agentVersion(),
        v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(), v.udpPortsTaken(), Map.of(),
        v.runningTasksCount(), v.tasksByGroup());
  }

  @Provide
  Arbitrary<List<Attributes>> clusters() {
    Arbitrary<String> os = Arbitraries.of("LINUX", "WINDOWS_SERVER_2022_CORE").injectNull(0.3);
    Arbitrary<String> workaround = Arbitraries.just("true").injectNull(0.5);
    Arbitrary<String> stack = Arbitraries.of("", "blue", "green").injectNull(0.3);
    Arbitrary<String> type = Arbitraries.of(TYPES).injectNull(0.2);
    return Combinators.combine(os, workaround, stack, type).as(Attributes::new).list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<PlacementRequest> requests() {
    Arbitrary<Optional<String>> osFamily = Arbitraries.of("LINUX", "WINDOWS_SERVER_2022_CORE").optional();
    Arbitrary<List<Attribute>> required = Arbitraries.of(attribute("stack", null), attribute("stack", "blue"),
        attribute(TYPE, "m5.large")).list().ofMaxSize(2);
    Arbitrary<List<Constraint>> memberOf = Arbitraries.of("attribute:stack == blue",
        "attribute:ecs.instance-type =~ m5.* or attribute:stack exists", "not(attribute:ecs.os-family == LINUX)",
        "attribute:stack in [blue, green] and attribute:ecs.instance-type != c5.large")
        .map(ClusterQuery::parse).map(q -> new Constraint.MemberOf(q.expression(), QueryPredicates.of(q)))
        .map(Constraint.class::cast).list().ofMaxSize(2);
    return Combinators.combine(osFamily, required, memberOf, Arbitraries.of(true, false)).as((os, req, constraints, reservationOnly) -> {
      List<Constraint> all = new ArrayList<>(constraints);
      // each instance takes at most one task, so a request for more than the cluster explains every instance
      all.add(new Constraint.DistinctInstance());
      return new PlacementRequest("g", 13, new TaskDemand(0, 0, List.of(), List.of(), reservationOnly), os, req, all,
          List.of());
    });
  }

  private static Attribute attribute(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }

  @Property
  void everyInstanceGetsTheReasonItGetsAlone(@ForAll("clusters") List<Attributes> cluster,
      @ForAll("requests") PlacementRequest request) {
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      views.add(cluster.get(i).view(i));
    }
    PlacementResult.Unplaced together = (PlacementResult.Unplaced) PlacementEngine.place(request, new ClusterSnapshot(views),
        new SplittableRandom(1));
    for (int i = 0; i < views.size(); i++) {
      PlacementResult.Unplaced alone = (PlacementResult.Unplaced) PlacementEngine.place(request,
          new ClusterSnapshot(List.of(views.get(i))), new SplittableRandom(1));
      assertThat(together.failures().get(i)).as(views.get(i).attributes().toString()).isEqualTo(alone.failures().getFirst());
    }
  }
}
