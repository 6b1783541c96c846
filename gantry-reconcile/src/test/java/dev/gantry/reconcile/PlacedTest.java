package dev.gantry.reconcile;

import static dev.gantry.reconcile.Fixtures.at;
import static dev.gantry.reconcile.Fixtures.cluster;
import static dev.gantry.reconcile.Fixtures.instance;
import static dev.gantry.reconcile.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.ServiceEvent;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.FailureReason;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementResult;
import dev.gantry.placement.TaskDemand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What {@link ServiceReconciler#placed} adds once the controller has placed a plan's starts. */
class PlacedTest {
  private final ServiceReconciler reconciler = ServiceReconciler.withDefaults();
  private final ServiceSpec spec = service().desired(2).build();
  private final Instant now = at(100);

  private Plan plan(ServiceSpec s, ClusterSnapshot c) {
    return reconciler.reconcile(s, List.of(), c, Fixtures.seenAt(c, now), now, new SplittableRandom(3));
  }

  private static List<String> messages(Plan p) {
    return p.events().stream().map(ServiceEvent::message).toList();
  }

  @Test
  void startedTasksAreNamedInOneEventAndCountAsPending() {
    ClusterSnapshot c = cluster(instance("a", "us-east-1a"), instance("b", "us-east-1b"));
    Plan plan = plan(spec, c);
    PlacementResult result = plan.starts().get(0).place(c, new SplittableRandom(1));
    Plan after = reconciler.placed(spec, plan, List.of(new StartResult(plan.starts().get(0), result,
        List.of(Fixtures.taskArn("n1"), Fixtures.taskArn("n2")))), now, new SplittableRandom(4));
    assertThat(messages(after)).contains("(service web) has started 2 tasks: (task n1) (task n2).");
    assertThat(after.pendingCount()).isEqualTo(2);
    assertThat(after.deployments().get(0).pendingCount()).isEqualTo(2);
    assertThat(after.events()).allSatisfy(e -> assertThat(e.createdAt()).isEqualTo(now));
  }

  @Test
  void anUnplacedTaskIsReportedOncePerEpisodeWithTheClosestInstance() {
    InstanceView small = new InstanceView(Fixtures.instanceArn("small"), "i-small",
        ContainerInstanceStatus.ACTIVE, true, "1.80.0", Optional.empty(), 100, 100,
        Set.of(), Set.of(), Map.of(), 0, Map.of());
    ClusterSnapshot c = cluster(small);
    Plan plan = plan(spec, c);
    PlacementResult result = plan.starts().get(0).place(c, new SplittableRandom(1));
    assertThat(result).isInstanceOf(PlacementResult.Unplaced.class);
    Plan first = reconciler.placed(spec, plan, List.of(new StartResult(plan.starts().get(0), result, List.of())), now,
        new SplittableRandom(4));
    assertThat(messages(first)).containsExactly("(service web) was unable to place a task because no container "
        + "instance met all of its requirements. The closest matching (container-instance small) has insufficient "
        + "CPU units available. For more information, see the Troubleshooting section.");
    assertThat(first.wakeAt()).contains(now.plusSeconds(10));

    ServiceSpec next = new ServiceSpec(spec.serviceArn(), spec.serviceName(), spec.schedulingStrategy(), spec.status(),
        spec.desiredCount(), first.deployments(), spec.deploymentConfiguration(), spec.placementConstraints(),
        spec.placementStrategy(), spec.healthCheckGracePeriod(), first.schedulerState());
    Plan again = plan(next, c);
    Plan second = reconciler.placed(next, again, List.of(new StartResult(again.starts().get(0), result, List.of())),
        now.plusSeconds(10), new SplittableRandom(5));
    assertThat(messages(second)).noneMatch(m -> m.contains("unable to place"));
  }

  @Test
  void aClusterWithoutInstancesSaysSo() {
    assertThat(ServiceEvents.unplaced(new PlacementResult.Unplaced(List.of(), 1, List.of(), Map.of(), "")))
        .endsWith("Reason: No Container Instances were found in your cluster.");
  }

  @Test
  void theClosestInstanceIsTheOneThatPassedTheMostRules() {
    PlacementResult.Unplaced u = new PlacementResult.Unplaced(List.of(), 1, List.of(
        new PlacementResult.Failure(Fixtures.instanceArn("x"), FailureReason.AGENT),
        new PlacementResult.Failure(Fixtures.instanceArn("y"), FailureReason.RESOURCE_MEMORY),
        new PlacementResult.Failure(Fixtures.instanceArn("z"), FailureReason.ATTRIBUTE)), Map.of(), "");
    assertThat(ServiceEvents.unplaced(u)).contains("(container-instance y) has insufficient memory available.");
  }

  @Test
  void demandOfTheTaskDefinitionGoesIntoTheRequest() {
    ClusterSnapshot c = cluster(instance("a", "us-east-1a"));
    assertThat(plan(spec, c).starts().get(0).request().demand()).isEqualTo(TaskDemand.of(256, 256));
  }
}
