package dev.gantry.reconcile;

import static dev.gantry.reconcile.Fixtures.at;
import static dev.gantry.reconcile.Fixtures.service;
import static dev.gantry.reconcile.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.TaskStopCode;
import dev.gantry.placement.ClusterSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replacement of stopped, unhealthy and lost tasks, fencing, the circuit breaker and the launch
 * throttle, as a table of desired vs observed -> plan (now = T0 + 100 s unless a row says).
 */
class FailureScenariosTest {
  private static final TaskStopCode FAILED_TO_START = TaskStopCode.TASKFAILEDTOSTART;

  static Stream<Scenario> replacement() {
    return Stream.of(
        Scenario.of("a task whose essential container exited is replaced")
            .tasks(task("t1").running(at(0)), task("t2").on("b").stopped(at(0), at(90), TaskStopCode.ESSENTIALCONTAINEREXITED))
            .expectStarts(1),
        Scenario.of("a task stopped by the user (StopTask) is replaced")
            .tasks(task("t1").running(at(0)), task("t2").on("b").stopped(at(0), at(90), TaskStopCode.USERINITIATED))
            .expectStarts(1),
        Scenario.of("an UNHEALTHY task past the grace period is stopped and replaced, with ECS's event")
            .service(service().primaryWithHealthChecks())
            .tasks(task("t1").running(at(0)).health(HealthStatus.HEALTHY),
                task("t2").on("b").running(at(0)).health(HealthStatus.UNHEALTHY))
            .expectStops("t2").expectStarts(1)
            .expectEvents("(service web) (task t2) failed container health checks.")
            .expect(plan -> assertThat(plan.stops().get(0).stoppedReason()).isEqualTo("Task failed container health checks")),
        Scenario.of("an agent not heard from for TTL + grace (10 s + 5 s) is lost: its tasks are marked to stop and replaced")
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1").expectStarts(1)
            .expectEvents("(container-instance a) has lost its agent")
            .expect(plan -> assertThat(plan.stops().get(0).stoppedReason()).contains("not heard from since")),
        Scenario.of("an agent past its TTL but within the grace is not lost yet: wake when the grace ends")
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)))
            .lastSeen("a", at(88))
            .expectWakeAt(at(103)),
        Scenario.of("the tasks of a lost agent already marked do not count, so replacements start (max 200)")
            .tasks(task("t1").running(at(0)).stopping(), task("t2").on("b").running(at(0)))
            .lastSeen("a", at(50))
            .expectStarts(1),
        Scenario.of("a returning agent's replaced tasks stay stopped: they are STOPPED-desired and not restarted")
            .tasks(task("t1").running(at(0)).stopping(), task("t2").on("b").running(at(0)),
                task("t3").on("b").running(at(40)))
            .expect(plan -> assertThat(plan.deployments().get(0).runningCount()).isEqualTo(2)),
        Scenario.of("an instance with tasks but no liveness entry counts as seen when first noticed; "
                + "its task is replaced as from a DRAINING instance")
            .tasks(task("t1").on("gone").running(at(0)), task("t2").on("b").running(at(0)))
            .expectStarts(1).expectWakeAt(at(115))
            .expect(plan -> assertThat(plan.schedulerState().unseenInstances())
                .containsEntry(Fixtures.instanceArn("gone"), at(100))),
        Scenario.of("a deregistered instance noticed TTL + grace ago has its tasks replaced")
            .service(service().state(new SchedulerState(Set.of(), LaunchThrottle.NONE, Map.of(),
                Map.of(Fixtures.instanceArn("gone"), at(80)))))
            .tasks(task("t1").on("gone").running(at(0)), task("t2").on("b").running(at(0)))
            .expectStops("t1").expectStarts(1));
  }

  static Stream<Scenario> fencing() {
    Fixtures.Service singleton = service().desired(1).percents(0, 100);
    return Stream.of(
        Scenario.of("at-most-desired: a lost agent's task is marked to stop but not replaced before the deadline")
            .service(singleton)
            .tasks(task("t1").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1")
            // last seen 84 + TTL 10 + stopTimeout 30 + margin 5
            .expectWakeAt(at(129)),
        Scenario.of("at-most-desired: still no replacement one second before the fencing deadline")
            .service(singleton)
            .tasks(task("t1").running(at(0)).stopping())
            .lastSeen("a", at(84)).at(at(128))
            .expectWakeAt(at(129)),
        Scenario.of("at-most-desired: the replacement starts at the fencing deadline")
            .service(singleton)
            .tasks(task("t1").running(at(0)).stopping())
            .lastSeen("a", at(84)).at(at(129))
            .expectStarts(1),
        Scenario.of("at-most-desired with 100/100 and desired 3: one lost task waits for its deadline too")
            .service(service().desired(3).percents(100, 100))
            .cluster(Fixtures.cluster(Fixtures.instance("a", "us-east-1a"), Fixtures.instance("b", "us-east-1b"),
                Fixtures.instance("c", "us-east-1c")))
            .tasks(task("t1").running(at(0)), task("t2").on("b").running(at(0)), task("t3").on("c").running(at(0)))
            .lastSeen("a", at(80))
            .expectStops("t1").expectWakeAt(at(125)));
  }

  /**
   * A container without its own stopTimeout takes the default of the agent that stops it
   * (ECS_CONTAINER_STOP_TIMEOUT, advertised as gantry.container-stop-timeout): the fencing deadline
   * L + TTL + stopTimeout + margin uses that instance's default, not ECS's 30 s.
   */
  static Stream<Scenario> fencingWithAgentStopTimeouts() {
    Fixtures.Service singleton = service().desired(1).percents(0, 100);
    ClusterSnapshot slowA = Fixtures.cluster(Fixtures.instanceStoppingIn("a", "us-east-1a", 120),
        Fixtures.instance("b", "us-east-1b"));
    ClusterSnapshot quickA = Fixtures.cluster(Fixtures.instanceStoppingIn("a", "us-east-1a", 5),
        Fixtures.instance("b", "us-east-1b"));
    return Stream.of(
        Scenario.of("an agent stopping in 120 s: the replacement waits for it (84 + 10 + 120 + 5)")
            .service(singleton).cluster(slowA)
            .tasks(task("t1").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1").expectWakeAt(at(219)),
        Scenario.of("an agent stopping in 120 s: still no replacement where 30 s would have allowed one")
            .service(singleton).cluster(slowA)
            .tasks(task("t1").running(at(0)).stopping())
            .lastSeen("a", at(84)).at(at(218))
            .expectWakeAt(at(219)),
        Scenario.of("an agent stopping in 120 s: the replacement starts at its deadline")
            .service(singleton).cluster(slowA)
            .tasks(task("t1").running(at(0)).stopping())
            .lastSeen("a", at(84)).at(at(219))
            .expectStarts(1),
        Scenario.of("an agent stopping in 5 s: the replacement starts sooner (84 + 10 + 5 + 5)")
            .service(singleton).cluster(quickA)
            .tasks(task("t1").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1").expectWakeAt(at(104)),
        Scenario.of("a container's own longer stopTimeout counts beside the agent's shorter default")
            .service(service().desired(1).percents(0, 100)
                .primaryStopTimeout(new StopTimeout(Duration.ofSeconds(60), true)))
            .cluster(quickA)
            .tasks(task("t1").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1").expectWakeAt(at(159)),
        Scenario.of("containers that all set their own stopTimeout ignore the agent's default")
            .service(service().desired(1).percents(0, 100).primaryStopTimeout(StopTimeout.own(Duration.ofSeconds(2))))
            .cluster(slowA)
            .tasks(task("t1").running(at(0)).stopping())
            .lastSeen("a", at(84)).at(at(101))
            .expectStarts(1),
        Scenario.of("a task on an instance the snapshot no longer has counts with the cluster's longest default")
            .service(singleton).cluster(slowA)
            .tasks(task("t1").on("gone").running(at(0)))
            .lastSeen("gone", at(84))
            .expectStops("t1").expectWakeAt(at(219)),
        Scenario.of("an unreadable advertised default counts as ECS's 30 s when no agent says longer")
            .service(singleton)
            .cluster(Fixtures.cluster(Fixtures.instance("a", "us-east-1a", ContainerInstanceStatus.ACTIVE,
                Map.of(StopTimeout.ATTRIBUTE, "2m")), Fixtures.instance("b", "us-east-1b")))
            .tasks(task("t1").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1").expectWakeAt(at(129)),
        Scenario.of("an unreadable advertised default counts as the cluster's longest (84 + 10 + 120 + 5)")
            .service(singleton)
            .cluster(Fixtures.cluster(Fixtures.instance("a", "us-east-1a", ContainerInstanceStatus.ACTIVE,
                Map.of(StopTimeout.ATTRIBUTE, "2m")), Fixtures.instanceStoppingIn("b", "us-east-1b", 120)))
            .tasks(task("t1").running(at(0)))
            .lastSeen("a", at(84))
            .expectStops("t1").expectWakeAt(at(219)));
  }

  static Stream<Scenario> circuitBreaker() {
    Fixtures.Service failing = service().circuitBreaker(false).deploying("ecs-svc/2", at(0));
    return Stream.of(
        Scenario.of("two tasks failing to start stay under the threshold of 3")
            .service(failing)
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("f1").of("ecs-svc/2").stopped(null, at(50), FAILED_TO_START),
                task("f2").of("ecs-svc/2").stopped(null, at(60), FAILED_TO_START))
            .expectStarts(2).expectRollout(DeploymentRolloutState.IN_PROGRESS)
            .expect(plan -> assertThat(plan.deployments().get(0).failedTasks()).isEqualTo(2)),
        Scenario.of("the third failure trips the breaker: rollout FAILED and nothing more starts")
            .service(failing)
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("f1").of("ecs-svc/2").stopped(null, at(50), FAILED_TO_START),
                task("f2").of("ecs-svc/2").stopped(null, at(60), FAILED_TO_START),
                task("f3").of("ecs-svc/2").stopped(at(70), at(71), TaskStopCode.ESSENTIALCONTAINEREXITED))
            .expectRollout(DeploymentRolloutState.FAILED)
            .expectEvents("(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start.")
            .expect(plan -> assertThat(plan.deployments().get(0).rolloutStateReason())
                .isEqualTo("ECS deployment circuit breaker: tasks failed to start.")),
        Scenario.of("tasks that ran past the settle time before exiting are not failures")
            .service(failing)
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("f1").of("ecs-svc/2").stopped(at(0), at(50), TaskStopCode.ESSENTIALCONTAINEREXITED),
                task("f2").of("ecs-svc/2").stopped(at(0), at(60), TaskStopCode.ESSENTIALCONTAINEREXITED),
                task("f3").of("ecs-svc/2").stopped(at(0), at(70), TaskStopCode.ESSENTIALCONTAINEREXITED))
            .expectStarts(2).expectRollout(DeploymentRolloutState.IN_PROGRESS),
        Scenario.of("failures already counted are not counted again")
            .service(service().circuitBreaker(false).deploying("ecs-svc/2", at(0))
                .state(new SchedulerState(Set.of(Fixtures.taskArn("f1"), Fixtures.taskArn("f2"), Fixtures.taskArn("f3")),
                    LaunchThrottle.NONE, Map.of(), Map.of())))
            .tasks(task("o1").running(at(0)), task("o2").on("b").running(at(0)),
                task("f1").of("ecs-svc/2").stopped(null, at(50), FAILED_TO_START),
                task("f2").of("ecs-svc/2").stopped(null, at(60), FAILED_TO_START),
                task("f3").of("ecs-svc/2").stopped(null, at(70), FAILED_TO_START))
            .expectStarts(2).expectRollout(DeploymentRolloutState.IN_PROGRESS),
        Scenario.of("with rollback the last COMPLETED deployment becomes PRIMARY again")
            .service(service().circuitBreaker(true).deployments(
                Fixtures.deployment("ecs-svc/2", Fixtures.TASK_DEF_2, at(0)),
                Fixtures.completedDeployment("ecs-svc/1", Fixtures.TASK_DEF_1, at(-100), DeploymentStatus.ACTIVE)))
            .tasks(task("o1").running(at(-50)),
                task("f1").of("ecs-svc/2").stopped(null, at(50), FAILED_TO_START),
                task("f2").of("ecs-svc/2").stopped(null, at(60), FAILED_TO_START),
                task("f3").of("ecs-svc/2").stopped(null, at(70), FAILED_TO_START))
            .expectPrimary("ecs-svc/1").expectRollout(DeploymentRolloutState.IN_PROGRESS).expectStarts(1)
            .expectEvents("deployment failed: tasks failed to start.", "rolling back to deployment ecs-svc/1")
            .expect(plan -> {
              assertThat(plan.deployments().get(0).rolloutStateReason())
                  .isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.");
              assertThat(plan.deployments().get(1).id()).isEqualTo("ecs-svc/2");
              assertThat(plan.deployments().get(1).rolloutState()).isEqualTo(DeploymentRolloutState.FAILED);
              assertThat(plan.deployments().get(1).status()).isEqualTo(DeploymentStatus.INACTIVE);
              assertThat(plan.starts().get(0).taskDefinition()).isEqualTo(Fixtures.TASK_DEF_1);
              assertThat(plan.describedDeployments()).extracting(DeploymentSpec::id).containsExactly("ecs-svc/1");
              assertThat(plan.deploymentsToKeep()).extracting(DeploymentSpec::id).containsExactly("ecs-svc/1");
            }),
        Scenario.of("rollback revives an INACTIVE completed deployment too")
            .service(service().circuitBreaker(true).percents(0, 100).desired(1).deployments(
                Fixtures.deployment("ecs-svc/2", Fixtures.TASK_DEF_2, at(0)),
                Fixtures.completedDeployment("ecs-svc/1", Fixtures.TASK_DEF_1, at(-100), DeploymentStatus.INACTIVE)))
            .tasks(task("f1").of("ecs-svc/2").stopped(null, at(50), FAILED_TO_START),
                task("f2").of("ecs-svc/2").stopped(null, at(60), FAILED_TO_START),
                task("f3").of("ecs-svc/2").stopped(null, at(70), FAILED_TO_START))
            .expectPrimary("ecs-svc/1").expectStarts(1),
        Scenario.of("tasks failing health checks count toward the breaker")
            .service(service().circuitBreaker(false).primaryWithHealthChecks().state(new SchedulerState(
                Set.of(Fixtures.taskArn("f1"), Fixtures.taskArn("f2")), LaunchThrottle.NONE, Map.of(), Map.of())))
            .tasks(task("t1").running(at(0)).health(HealthStatus.UNHEALTHY), task("t2").on("b").running(at(0))
                .health(HealthStatus.HEALTHY))
            .expectStops("t1").expectStarts(1)
            .expect(plan -> assertThat(plan.deployments().get(0).failedTasks()).isEqualTo(1)));
  }

  static Stream<Scenario> throttle() {
    Instant last = at(95);
    return Stream.of(
        Scenario.of("four failures to start in a row hold launches for 10 s, with ECS's event")
            .tasks(task("f1").stopped(null, at(60), FAILED_TO_START), task("f2").stopped(null, at(70), FAILED_TO_START),
                task("f3").stopped(null, at(80), FAILED_TO_START), task("f4").stopped(null, last, FAILED_TO_START))
            .expectStarts(0).expectWakeAt(at(105))
            .expectEvents("(service web) is unable to consistently start tasks successfully."),
        Scenario.of("three failures in a row cost nothing yet")
            .tasks(task("f1").stopped(null, at(70), FAILED_TO_START), task("f2").stopped(null, at(80), FAILED_TO_START),
                task("f3").stopped(null, last, FAILED_TO_START))
            .expectStarts(2).expectNoEvents("unable to consistently start"),
        Scenario.of("once the backoff has passed, launches resume")
            .service(service().state(new SchedulerState(Set.of(), new LaunchThrottle("ecs-svc/1", 6, at(0)),
                Map.of("throttled", at(0)), Map.of())))
            .expectStarts(2).expectNoEvents("unable to consistently start"),
        Scenario.of("the backoff doubles: 6 failures wait 40 s after the last")
            .service(service().state(new SchedulerState(Set.of(), new LaunchThrottle("ecs-svc/1", 6, at(70)),
                Map.of("throttled", at(70)), Map.of())))
            .expectWakeAt(at(110)),
        Scenario.of("the backoff is capped at 15 minutes")
            .service(service().state(new SchedulerState(Set.of(), new LaunchThrottle("ecs-svc/1", 40, at(0)),
                Map.of("throttled", at(0)), Map.of())))
            .expectWakeAt(at(900)),
        Scenario.of("a new deployment (task definition) resets the throttle")
            .service(service().deploying("ecs-svc/2", at(90)).state(new SchedulerState(Set.of(),
                new LaunchThrottle("ecs-svc/1", 40, at(90)), Map.of("throttled", at(90)), Map.of())))
            .expectStarts(2)
            .expect(plan -> assertThat(plan.schedulerState().launchThrottle()).isEqualTo(
                new LaunchThrottle("ecs-svc/2", 0, Instant.EPOCH))),
        Scenario.of("a task reaching RUNNING after the last failure ends the streak")
            .service(service().desired(3).state(new SchedulerState(Set.of(), new LaunchThrottle("ecs-svc/1", 6, at(70)),
                Map.of("throttled", at(70)), Map.of())))
            .tasks(task("t1").running(at(80)))
            .expectStarts(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"replacement", "fencing", "fencingWithAgentStopTimeouts", "circuitBreaker", "throttle"})
  void plansAsExpected(Scenario scenario) {
    scenario.check();
  }
}
