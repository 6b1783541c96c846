package dev.gantry.reconcile;

import static dev.gantry.reconcile.Fixtures.at;
import static dev.gantry.reconcile.Fixtures.cluster;
import static dev.gantry.reconcile.Fixtures.instance;
import static dev.gantry.reconcile.Fixtures.service;
import static dev.gantry.reconcile.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.TaskStopCode;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementResult;
import dev.gantry.placement.TaskDemand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DAEMON services: one task per eligible instance, as a table of desired vs observed -> plan. */
class DaemonScenariosTest {
  private static final InstanceView A = instance("a", "us-east-1a");
  private static final InstanceView B = instance("b", "us-east-1b");
  private static final InstanceView C_DRAINING = instance("c", "us-east-1c", ContainerInstanceStatus.DRAINING, Map.of());
  private static final Constraint ROLE_DAEMON = new Constraint.MemberOf("attribute:role == daemon",
      i -> i.attribute("role").filter("daemon"::equals).isPresent());

  static Stream<Scenario> daemon() {
    return Stream.of(
        Scenario.of("one task pinned to every ACTIVE instance; none on a DRAINING one")
            .service(service().daemon())
            .cluster(cluster(A, B, C_DRAINING))
            .expectStarts(2)
            .expect(plan -> {
              assertThat(plan.starts()).extracting(s -> s.containerInstanceArn().orElseThrow())
                  .containsExactly(A.containerInstanceArn(), B.containerInstanceArn());
              assertThat(plan.starts()).allSatisfy(s -> assertThat(s.request().count()).isEqualTo(1));
              assertThat(plan.desiredCount()).isEqualTo(2);
            }),
        Scenario.of("an instance that joins gets its task")
            .service(service().daemon())
            .cluster(cluster(A, B))
            .tasks(task("d1").running(at(0)))
            .expectStarts(1)
            .expect(plan -> assertThat(plan.starts().get(0).containerInstanceArn()).contains(B.containerInstanceArn())),
        Scenario.of("an instance that starts DRAINING has its task stopped")
            .service(service().daemon())
            .cluster(cluster(A, C_DRAINING))
            .tasks(task("d1").running(at(0)), task("d2").on("c").running(at(0)))
            .expectStops("d2")
            .expect(plan -> assertThat(plan.stops().get(0).stoppedReason()).isEqualTo("Container instance is DRAINING")),
        Scenario.of("an instance that stops meeting the constraints has its task stopped")
            .service(service().daemon().constraints(ROLE_DAEMON))
            .cluster(cluster(instance("a", "us-east-1a", ContainerInstanceStatus.ACTIVE, Map.of("role", "daemon")), B))
            .tasks(task("d1").running(at(0)), task("d2").on("b").running(at(0)))
            .expectStops("d2")
            .expect(plan -> {
              assertThat(plan.desiredCount()).isEqualTo(1);
              assertThat(plan.stops().get(0).stoppedReason()).contains("placement constraints");
            }),
        Scenario.of("instances of another OS family are not eligible")
            .service(service().daemon().primaryPlacement(new TaskPlacement(TaskDemand.of(128, 128),
                Optional.of("WINDOWS_SERVER_2022_CORE"), List.of(), List.of())))
            .cluster(cluster(A, instance("w", "us-east-1a", ContainerInstanceStatus.ACTIVE,
                Map.of("ecs.os-family", "WINDOWS_SERVER_2022_CORE"))))
            .expectStarts(1)
            .expect(plan -> assertThat(plan.starts().get(0).containerInstanceArn()).contains(Fixtures.instanceArn("w"))),
        Scenario.of("instances of another CPU architecture are not eligible (no attribute counts as x86_64)")
            .service(service().daemon().primaryPlacement(TaskPlacement.of(TaskDemand.of(128, 128)
                .withCpuArchitecture("ARM64"))))
            .cluster(cluster(A, instance("g", "us-east-1a", ContainerInstanceStatus.ACTIVE,
                Map.of("ecs.cpu-architecture", "arm64"))))
            .expectStarts(1)
            .expect(plan -> {
              assertThat(plan.starts().get(0).containerInstanceArn()).contains(Fixtures.instanceArn("g"));
              assertThat(plan.desiredCount()).isEqualTo(1);
            }),
        Scenario.of("a new deployment (0/100) stops the old task on every instance first")
            .service(service().daemon().deploying("ecs-svc/2", at(90)))
            .cluster(cluster(A, B))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)))
            .expectStops("o1", "o2"),
        Scenario.of("... and starts the new one where the old one has STOPPED")
            .service(service().daemon().deploying("ecs-svc/2", at(90)))
            .cluster(cluster(A, B))
            .tasks(task("o1").stopped(at(0), at(95), TaskStopCode.SERVICESCHEDULERINITIATED),
                task("o2").on("b").running(at(0)).stopping())
            .expectStarts(1)
            .expect(plan -> assertThat(plan.starts().get(0).containerInstanceArn()).contains(A.containerInstanceArn())),
        Scenario.of("min 50 %: only half the old tasks stop at once")
            .service(service().daemon().percents(50, 100).deploying("ecs-svc/2", at(90)))
            .cluster(cluster(A, B))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)))
            .expectStopCount(1),
        Scenario.of("a second task of the daemon on one instance is stopped")
            .service(service().daemon())
            .cluster(cluster(A))
            .tasks(task("d1").running(at(0)), task("d2").running(at(10)))
            .expectStops("d2"),
        Scenario.of("one settled task per eligible instance completes the rollout")
            .service(service().daemon())
            .cluster(cluster(A, B, C_DRAINING))
            .tasks(task("d1").running(at(0)), task("d2").on("b").running(at(0)))
            .expectRollout(DeploymentRolloutState.COMPLETED).expectEvents("has reached a steady state."),
        Scenario.of("a daemon task whose agent is lost stays: it cannot run elsewhere")
            .service(service().daemon())
            .cluster(cluster(A, B))
            .tasks(task("d1").running(at(0)), task("d2").on("b").running(at(0)))
            .lastSeen("a", at(0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daemon")
  void plansAsExpected(Scenario scenario) {
    scenario.check();
  }

  @Test
  void aPinnedStartPlacesOnlyOnItsInstance() {
    Plan plan = Scenario.of("pinned").service(service().daemon()).cluster(cluster(A, B)).tasks(task("d1").running(at(0)))
        .plan();
    PlacementResult result = plan.starts().get(0).place(cluster(A, B), new SplittableRandom(1));
    assertThat(result.placements()).extracting(PlacementResult.Placement::containerInstanceArn)
        .containsExactly(B.containerInstanceArn());
  }
}
