package dev.gantry.reconcile;

import static dev.gantry.reconcile.Fixtures.at;
import static dev.gantry.reconcile.Fixtures.service;
import static dev.gantry.reconcile.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.TaskStopCode;
import dev.gantry.placement.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** REPLICA services: scaling and rolling deployments, as a table of desired vs observed -> plan (now = T0 + 100 s). */
class ReplicaScenariosTest {

  static Stream<Scenario> scaling() {
    return Stream.of(
        Scenario.of("a new service starts its desired count with the service default strategies")
            .service(service().desired(3))
            .expectStarts(3).expectRollout(DeploymentRolloutState.IN_PROGRESS)
            .expect(plan -> {
              assertThat(plan.starts()).singleElement().satisfies(s -> {
                assertThat(s.request().group()).isEqualTo("service:web");
                assertThat(s.request().strategies()).isEqualTo(Strategy.serviceDefault());
                assertThat(s.deploymentId()).isEqualTo("ecs-svc/1");
                assertThat(s.taskDefinition()).isEqualTo(Fixtures.TASK_DEF_1);
                assertThat(s.containerInstanceArn()).isEmpty();
              });
              assertThat(plan.desiredCount()).isEqualTo(3);
            }),
        Scenario.of("scaling out starts only the missing tasks")
            .service(service().desired(4))
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .expectStarts(2),
        Scenario.of("scaling in stops a pending task before a healthy one")
            .service(service().desired(1))
            .tasks(task("t1").running(at(0)), task("t2").on("b"))
            .expectStops("t2").expectEvents("(service web) has stopped 1 running tasks: (task t2)."),
        Scenario.of("scaling in stops the unsettled tasks first, then keeps the survivors balanced within the budget")
            .service(service().desired(2))
            .tasks(task("t1").running(at(0)), task("t2").running(at(0)), task("t3").on("b").running(at(0)),
                task("t4").on("b").running(at(90)), task("t5").on("b").running(at(90)))
            .forSeeds(32)
            .expectStopCount(3)
            .expect(plan -> assertThat(plan.stops()).extracting(TaskStop::taskArn)
                .contains(Fixtures.taskArn("t4"), Fixtures.taskArn("t5"))
                .doesNotContain(Fixtures.taskArn("t3"))),
        Scenario.of("scaling in takes from the zone and instance holding most tasks")
            .service(service().desired(2))
            .tasks(task("t1").running(at(0)), task("t2").running(at(0)), task("t3").on("b").running(at(0)))
            .expectStopCount(1)
            .expect(plan -> assertThat(plan.stops()).singleElement()
                .satisfies(s -> assertThat(s.taskArn()).isIn(Fixtures.taskArn("t1"), Fixtures.taskArn("t2")))),
        Scenario.of("tasks at the desired count running past the settle time complete the rollout: steady state")
            .service(service())
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .expectRollout(DeploymentRolloutState.COMPLETED)
            .expectEvents("(service web) (deployment ecs-svc/1) deployment completed.",
                "(service web) has reached a steady state.")
            .expect(plan -> {
              assertThat(plan.deployments().get(0).rolloutStateReason()).isEqualTo("ECS deployment ecs-svc/1 completed.");
              assertThat(plan.runningCount()).isEqualTo(2);
              assertThat(plan.wakeAt()).isEmpty();
            }),
        Scenario.of("tasks RUNNING for less than ECS's 40 s settle time are not healthy yet: wake when they settle")
            .service(service())
            .tasks(task("t1").running(at(80)), task("t2").on("b").running(at(0)))
            .expectRollout(DeploymentRolloutState.IN_PROGRESS).expectNoEvents("steady state")
            .expectWakeAt(at(120)),
        Scenario.of("a steady state already reported is not reported again")
            .service(service().deployments(Fixtures.completedDeployment("ecs-svc/1", Fixtures.TASK_DEF_1, at(0),
                    DeploymentStatus.PRIMARY))
                .state(new SchedulerState(Set.of(), LaunchThrottle.NONE, Map.of("steady", at(50)), Map.of())))
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .expectNoEvents("steady state", "deployment completed"),
        Scenario.of("a steady state is reported again after six hours")
            .service(service().deployments(Fixtures.completedDeployment("ecs-svc/1", Fixtures.TASK_DEF_1, at(0),
                    DeploymentStatus.PRIMARY))
                .state(new SchedulerState(Set.of(), LaunchThrottle.NONE, Map.of("steady", at(0)), Map.of())))
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .at(at(6 * 3600))
            .expectEvents("has reached a steady state."),
        Scenario.of("scaling to zero stops every task")
            .service(service().desired(0))
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .expectStops("t1", "t2"),
        Scenario.of("a deleted (DRAINING) service stops every task and stays DRAINING until they stop")
            .service(service().status(ServiceStatus.DRAINING))
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .expectStops("t1", "t2")
            .expect(plan -> assertThat(plan.status()).isEqualTo(ServiceStatus.DRAINING)),
        Scenario.of("a deleted service whose tasks have all stopped is INACTIVE")
            .service(service().status(ServiceStatus.DRAINING))
            .tasks(task("t1").stopped(at(0), at(90), TaskStopCode.SERVICESCHEDULERINITIATED))
            .expect(plan -> assertThat(plan.status()).isEqualTo(ServiceStatus.INACTIVE)));
  }

  static Stream<Scenario> rolling() {
    return Stream.of(
        Scenario.of("100/200: all new tasks start before any old one stops")
            .service(service().deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)))
            .expectStarts(2)
            .expect(plan -> assertThat(plan.starts().get(0).taskDefinition()).isEqualTo(Fixtures.TASK_DEF_2)),
        Scenario.of("100/200: old tasks stay while the new ones are not yet settled")
            .service(service().deploying("ecs-svc/2", at(50)))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("n1").of("ecs-svc/2").running(at(70)), task("n2").of("ecs-svc/2").on("b").running(at(70)))
            .expectWakeAt(at(110)),
        Scenario.of("100/200: old tasks stop once the new ones are healthy")
            .service(service().deploying("ecs-svc/2", at(0)))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("n1").of("ecs-svc/2").running(at(10)), task("n2").of("ecs-svc/2").on("b").running(at(10)))
            .expectStops("o1", "o2")
            .expect(plan -> assertThat(plan.stops()).allSatisfy(s -> {
              assertThat(s.stoppedReason()).isEqualTo("Scaling activity initiated by (deployment ecs-svc/2)");
              assertThat(s.stopCode()).isEqualTo(TaskStopCode.SERVICESCHEDULERINITIATED);
            })),
        Scenario.of("50/100 with desired 4: two old tasks stop first, nothing starts")
            .service(service().desired(4).percents(50, 100).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)), task("o2").running(at(0)), task("o3").on("b").running(at(0)),
                task("o4").on("b").running(at(0)))
            .expectStopCount(2),
        Scenario.of("50/100: replacements start once the stopped old tasks are STOPPED")
            .service(service().desired(4).percents(50, 100).deploying("ecs-svc/2", at(50)))
            .tasks(task("o1").stopped(at(0), at(60), TaskStopCode.SERVICESCHEDULERINITIATED),
                task("o2").stopped(at(0), at(60), TaskStopCode.SERVICESCHEDULERINITIATED),
                task("o3").on("b").running(at(0)), task("o4").on("b").running(at(0)))
            .expectStarts(2),
        Scenario.of("singleton (0/100, desired 1): the old task is stopped and nothing starts yet")
            .service(service().desired(1).percents(0, 100).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)))
            .expectStops("o1"),
        Scenario.of("singleton: no new task while the old one is still stopping")
            .service(service().desired(1).percents(0, 100).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)).stopping())
            .expect(plan -> assertThat(plan.deployments()).extracting(DeploymentSpec::status)
                .containsExactly(DeploymentStatus.PRIMARY, DeploymentStatus.ACTIVE)),
        Scenario.of("singleton: the new task starts once the old one is fully STOPPED; the old deployment is INACTIVE")
            .service(service().desired(1).percents(0, 100).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").stopped(at(0), at(95), TaskStopCode.SERVICESCHEDULERINITIATED))
            .expectStarts(1)
            .expect(plan -> assertThat(plan.deployments()).extracting(DeploymentSpec::status)
                .containsExactly(DeploymentStatus.PRIMARY, DeploymentStatus.INACTIVE)),
        Scenario.of("100/100 with desired 2 can neither start nor stop: the configuration event")
            .service(service().percents(100, 100).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)))
            .expectEvents("(service web) was unable to stop or start tasks during a deployment because of the service "
                + "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."),
        Scenario.of("75/125 with desired 2: minimum rounds up to 2 and maximum down to 2, so it is stuck")
            .service(service().percents(75, 125).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)))
            .expectEvents("unable to stop or start tasks during a deployment"),
        Scenario.of("50/100 with desired 3: minimum rounds up to 2, so one old task stops")
            .service(service().desired(3).percents(50, 100).deploying("ecs-svc/2", at(90)))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)), task("o3").on("b").running(at(0)))
            .expectStopCount(1),
        Scenario.of("the rollout completes once the old deployment's tasks are gone and the new ones healthy")
            .service(service().deploying("ecs-svc/2", at(0)))
            .tasks(task("o1").stopped(at(0), at(60), TaskStopCode.SERVICESCHEDULERINITIATED),
                task("n1").of("ecs-svc/2").running(at(10)), task("n2").of("ecs-svc/2").on("b").running(at(10)))
            .expectRollout(DeploymentRolloutState.COMPLETED)
            .expectEvents("(deployment ecs-svc/2) deployment completed.", "has reached a steady state.")
            .expect(plan -> {
              assertThat(plan.deployments().get(1).status()).isEqualTo(DeploymentStatus.INACTIVE);
              // ecs-svc/1 never completed here, so nothing INACTIVE is worth keeping for a rollback
              assertThat(plan.deploymentsToKeep()).extracting(DeploymentSpec::id).containsExactly("ecs-svc/2");
            }),
        Scenario.of("a finished deployment whose rollout COMPLETED is kept (INACTIVE) as the rollback target")
            .service(service().deployments(Fixtures.deployment("ecs-svc/2", Fixtures.TASK_DEF_2, at(0)),
                Fixtures.completedDeployment("ecs-svc/1", Fixtures.TASK_DEF_1, at(-100), DeploymentStatus.ACTIVE)))
            .tasks(task("n1").of("ecs-svc/2").running(at(10)), task("n2").of("ecs-svc/2").on("b").running(at(10)))
            .expectRollout(DeploymentRolloutState.COMPLETED)
            .expect(plan -> {
              assertThat(plan.describedDeployments()).extracting(DeploymentSpec::id).containsExactly("ecs-svc/2");
              assertThat(plan.deploymentsToKeep()).extracting(DeploymentSpec::id).containsExactly("ecs-svc/2", "ecs-svc/1");
            }),
        Scenario.of("with health checks a new task counts only once HEALTHY, however long it runs")
            .service(service().deploying("ecs-svc/2", at(0)).primaryWithHealthChecks())
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("n1").of("ecs-svc/2").running(at(10)).health(HealthStatus.HEALTHY),
                task("n2").of("ecs-svc/2").on("b").running(at(10)).health(HealthStatus.UNKNOWN))
            .expectStopCount(1),
        Scenario.of("tasks on a DRAINING instance are replaced first (100/200), stopping none yet")
            .service(service())
            .cluster(Fixtures.cluster(Fixtures.instance("a", "us-east-1a", ContainerInstanceStatus.DRAINING, Map.of()),
                Fixtures.instance("b", "us-east-1b")))
            .tasks(task("t1").running(at(0)), task("t2").running(at(0)))
            .expectStarts(2),
        Scenario.of("tasks on a DRAINING instance stop once their replacements are healthy")
            .service(service())
            .cluster(Fixtures.cluster(Fixtures.instance("a", "us-east-1a", ContainerInstanceStatus.DRAINING, Map.of()),
                Fixtures.instance("b", "us-east-1b")))
            .tasks(task("t1").running(at(0)), task("t2").running(at(0)), task("t3").on("b").running(at(0)),
                task("t4").on("b").running(at(0)))
            .expectStops("t1", "t2"),
        Scenario.of("DRAINING with 50/100: half stop first, then they are replaced")
            .service(service().percents(50, 100))
            .cluster(Fixtures.cluster(Fixtures.instance("a", "us-east-1a", ContainerInstanceStatus.DRAINING, Map.of()),
                Fixtures.instance("b", "us-east-1b")))
            .tasks(task("t1").running(at(0)), task("t2").running(at(0)))
            .expectStopCount(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"scaling", "rolling"})
  void plansAsExpected(Scenario scenario) {
    scenario.check();
  }

  @Test
  void unhealthyTasksWithinTheGracePeriodAreLeftAloneUntilItEnds() {
    Scenario.of("grace")
        .service(service().primaryWithHealthChecks().grace(Duration.ofSeconds(300)))
        .tasks(task("t1").running(at(0)).health(HealthStatus.HEALTHY),
            task("t2").on("b").running(at(0)).health(HealthStatus.UNHEALTHY))
        .expectWakeAt(at(300))
        .expect(plan -> assertThat(plan.schedulerState().launchThrottle()).isEqualTo(
            new LaunchThrottle("ecs-svc/1", 0, Instant.EPOCH)))
        .check();
  }

  @Test
  void aDeploymentOfTasksWithoutKnownDeploymentIsDrainedLikeAnOldOne() {
    Scenario.of("orphans")
        .service(service())
        .tasks(task("x1").of("ecs-svc/0").running(at(0)), task("t1").running(at(0)), task("t2").on("b").running(at(0)))
        .expectStops("x1")
        .expect(plan -> assertThat(plan.runningCount()).isEqualTo(2))
        .check();
  }
}
