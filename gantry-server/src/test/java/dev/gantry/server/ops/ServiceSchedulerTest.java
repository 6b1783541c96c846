package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DeleteServiceRequest;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceEvent;
import dev.gantry.model.StopTaskRequest;
import dev.gantry.model.Task;
import dev.gantry.model.TaskStopCode;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.reconcile.SchedulerSettings;
import dev.gantry.reconcile.ServiceReconciler;
import dev.gantry.store.MutableClock;
import dev.gantry.store.SqliteStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.testkit.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service scheduler's passes over a real store (in memory, SQLite for one case) on a fake
 * clock: the services API and the task operations are called as users and agents would, and
 * each pass is driven by hand, so every step is deterministic.
 */
class ServiceSchedulerTest {
  static final SchedulerSettings TIMING = SchedulerSettings.DEFAULTS.withSettleTime(Duration.ZERO);

  @TempDir Path dir;
  StateStore store;
  ServiceFixture s;
  MutableClock clock;
  ServiceScheduler scheduler;

  void setUp(StateStore backing) {
    store = backing;
    s = new ServiceFixture(store);
    clock = new MutableClock(s.f.now);
    // every agent was heard from just now: nothing is lost unless a test says so
    scheduler = new ServiceScheduler(store, new ArnFormat("eu-west-1", "123456789012"), new ServiceReconciler(TIMING),
        clock, new Random(3), (cluster, id) -> Optional.of(clock.instant()), clock.instant());
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  void pass() {
    scheduler.reconcile(CLUSTER);
  }

  void advance(Duration d) {
    clock.advance(d);
    s.f.now = clock.instant();
  }

  List<Task> tasksOf(String service) {
    return s.f.allTasks().stream().filter(t -> ("service:" + service).equals(t.group())).toList();
  }

  List<Task> wanted(String service) {
    return tasksOf(service).stream().filter(t -> "RUNNING".equals(t.desiredStatus())).toList();
  }

  List<String> messages(String service) {
    return s.stored(service).service().events().stream().map(ServiceEvent::message).toList();
  }

  @Test
  void aNewServiceGetsItsDesiredTasksAsRunTaskWouldStartThem() {
    setUp(SqliteStateStore.open(dir.resolve("gantry.db"), Clock.systemUTC()));
    Service created = s.create("web", 3);
    String deploymentId = created.deployments().getFirst().id();

    pass();

    List<Task> tasks = tasksOf("web");
    assertThat(tasks).hasSize(3).allSatisfy(t -> {
      assertThat(t.startedBy()).isEqualTo(deploymentId);
      assertThat(t.group()).isEqualTo("service:web");
      assertThat(t.desiredStatus()).isEqualTo("RUNNING");
      assertThat(t.lastStatus()).isEqualTo("PENDING");
      assertThat(t.taskDefinitionArn()).isEqualTo(s.web1);
      assertThat(t.containers()).extracting(c -> c.name()).containsExactly("app");
    });
    // the service default spreads over the instances, and their records give up what the tasks take
    int cpuLeft = s.f.instance(s.hostA.containerInstanceArn()).remainingResources().stream()
        .filter(r -> r.name().equals("CPU")).findFirst().orElseThrow().integerValue()
        + s.f.instance(s.hostB.containerInstanceArn()).remainingResources().stream()
        .filter(r -> r.name().equals("CPU")).findFirst().orElseThrow().integerValue();
    assertThat(cpuLeft).isEqualTo(2 * 4096 - 3 * 10);
    assertThat(tasks).extracting(Task::containerInstanceArn)
        .contains(s.hostA.containerInstanceArn(), s.hostB.containerInstanceArn());
    Service stored = s.stored("web").service();
    assertThat(stored.pendingCount()).isEqualTo(3);
    assertThat(messages("web").getFirst()).startsWith("(service web) has started 3 tasks:");
  }

  @Test
  void aSecondPassWithNothingChangedWritesNothing() {
    setUp(new InMemoryStateStore());
    s.create("web", 2);
    pass();
    long before = s.modRevision("web");

    pass();

    assertThat(s.modRevision("web")).isEqualTo(before);
    assertThat(tasksOf("web")).hasSize(2);
  }

  @Test
  void runningTasksBringTheServiceToASteadyState() {
    setUp(new InMemoryStateStore());
    s.create("web", 2);
    pass();
    tasksOf("web").forEach(t -> s.reportStatus(t, "RUNNING"));
    advance(Duration.ofSeconds(1));

    pass();

    Service stored = s.stored("web").service();
    assertThat(stored.runningCount()).isEqualTo(2);
    assertThat(stored.deployments().getFirst().rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
    assertThat(messages("web")).contains("(service web) has reached a steady state.");
    assertThat(s.describe("web").runningCount()).isEqualTo(2);
  }

  @Test
  void aTaskThatStopsIsReplaced() {
    setUp(new InMemoryStateStore());
    steady("web", 2);
    Task victim = tasksOf("web").getFirst();
    s.call("StopTask", StopTaskRequest.builder().cluster(CLUSTER).task(victim.taskArn()).build());
    s.reportStatus(victim, "STOPPED");
    advance(Duration.ofSeconds(1));

    pass();

    assertThat(wanted("web")).hasSize(2).extracting(Task::taskArn).doesNotContain(victim.taskArn());
  }

  @Test
  void scalingInStopsTheSurplusWithTheSchedulersStopCode() {
    setUp(new InMemoryStateStore());
    steady("web", 3);
    s.update(b -> b.service("web").desiredCount(1));
    advance(Duration.ofSeconds(1));

    pass();

    List<Task> stopped = tasksOf("web").stream().filter(t -> "STOPPED".equals(t.desiredStatus())).toList();
    assertThat(stopped).hasSize(2).allSatisfy(t -> {
      assertThat(t.stopCode()).isEqualTo(TaskStopCode.SERVICESCHEDULERINITIATED);
      assertThat(t.stoppedReason()).isNotEmpty();
      assertThat(t.lastStatus()).isEqualTo("RUNNING"); // the agent stops them and reports
    });
    assertThat(wanted("web")).hasSize(1);
  }

  @Test
  void aPendingTaskNoAgentHasSeenIsStoppedAtOnceAndGivesBackItsResources() {
    setUp(new InMemoryStateStore());
    s.create("web", 2);
    pass();
    s.update(b -> b.service("web").desiredCount(0));
    advance(Duration.ofSeconds(1));

    pass();

    assertThat(tasksOf("web")).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED"));
    for (ContainerInstance host : List.of(s.hostA, s.hostB)) {
      assertThat(TaskOpsFixture.integer(s.f.instance(host.containerInstanceArn()).remainingResources(), "CPU"))
          .isEqualTo(4096);
    }
  }

  @Test
  void aDaemonServiceRunsOneTaskOnEveryActiveInstanceIncludingOneThatJoinsLater() {
    setUp(new InMemoryStateStore());
    s.create(b -> b.serviceName("agentd").schedulingStrategy(SchedulingStrategy.DAEMON).desiredCount(null));
    pass();
    assertThat(wanted("agentd")).extracting(Task::containerInstanceArn)
        .containsExactlyInAnyOrder(s.hostA.containerInstanceArn(), s.hostB.containerInstanceArn());

    ContainerInstance hostC = s.f.register("i-c", 4096, 4096);
    pass();

    assertThat(wanted("agentd")).extracting(Task::containerInstanceArn).containsExactlyInAnyOrder(
        s.hostA.containerInstanceArn(), s.hostB.containerInstanceArn(), hostC.containerInstanceArn());
    assertThat(s.stored("agentd").service().desiredCount()).isEqualTo(3);
  }

  @Test
  void aDeletedServiceDrainsAndBecomesInactiveOnceItsTasksHaveStopped() {
    setUp(new InMemoryStateStore());
    steady("web", 2);
    s.call("DeleteService", DeleteServiceRequest.builder().cluster(CLUSTER).service("web").force(true).build());
    assertThat(s.stored("web").status()).isEqualTo("DRAINING");

    pass();
    assertThat(wanted("web")).isEmpty();
    assertThat(s.stored("web").status()).isEqualTo("DRAINING");
    tasksOf("web").forEach(t -> s.reportStatus(t, "STOPPED"));
    advance(Duration.ofSeconds(1));
    pass();

    assertThat(s.stored("web").status()).isEqualTo("INACTIVE");
  }

  @Test
  void instancesRegisteredButNotYetPolledFromTakeTasksAsIfJustSeen() {
    setUp(new InMemoryStateStore());
    // the server has run for an hour; the instances registered just now and no agent has polled yet
    scheduler = new ServiceScheduler(store, new ArnFormat("eu-west-1", "123456789012"), new ServiceReconciler(TIMING),
        clock, new Random(3), (cluster, id) -> Optional.empty(), clock.instant().minus(Duration.ofHours(1)));
    s.create("web", 2);

    pass();

    assertThat(wanted("web")).extracting(Task::containerInstanceArn)
        .containsExactlyInAnyOrder(s.hostA.containerInstanceArn(), s.hostB.containerInstanceArn());
  }

  @Test
  void anAgentLostPastTheTtlAndGraceHasItsTasksReplacedElsewhere() {
    setUp(new InMemoryStateStore());
    Instant start = clock.instant();
    String lostId = ContainerInstances.id(s.hostA);
    scheduler = new ServiceScheduler(store, new ArnFormat("eu-west-1", "123456789012"), new ServiceReconciler(TIMING),
        clock, new Random(3), (cluster, id) -> Optional.of(id.equals(lostId) ? start : clock.instant()), start);
    steady("web", 2);
    long onLost = wanted("web").stream().filter(t -> t.containerInstanceArn().equals(s.hostA.containerInstanceArn()))
        .count();
    assertThat(onLost).isPositive();

    advance(TIMING.livenessTtl().plus(TIMING.replaceGrace()));
    pass();

    assertThat(wanted("web")).hasSize(2)
        .allSatisfy(t -> assertThat(t.containerInstanceArn()).isEqualTo(s.hostB.containerInstanceArn()));
  }

  @Test
  void aWriteThatLosesItsRaceIsRetriedOnFreshReads() {
    InterferingStore interfering = new InterferingStore(new InMemoryStateStore());
    setUp(interfering);
    s.create("web", 1);
    // someone else changes the service between the scheduler's reads and its write, twice
    interfering.beforeNextTxns(2, () -> s.update(b -> b.service("web").desiredCount(2)));

    pass();

    assertThat(wanted("web")).hasSize(2);
    assertThat(s.stored("web").service().desiredCount()).isEqualTo(2);
  }

  @Test
  void aFailingDeploymentWithTheCircuitBreakerRollsBack() {
    setUp(new InMemoryStateStore());
    s.create(b -> b.serviceName("web").desiredCount(1).deploymentConfiguration(DeploymentConfiguration.builder()
        .deploymentCircuitBreaker(dev.gantry.model.DeploymentCircuitBreaker.builder().enable(true).rollback(true)
            .build()).build()));
    placedThenRunning("web");
    String good = s.stored("web").service().deployments().getFirst().id();
    String web2 = s.f.registerFamily("web", 10, 10, 0);
    s.update(b -> b.service("web").taskDefinition(web2));

    for (int i = 0; i < 12 && s.stored("web").service().deployments().getFirst().id().equals(good) == false; i++) {
      advance(Duration.ofMinutes(20)); // past any launch backoff
      pass();
      wanted("web").stream().filter(t -> web2.equals(t.taskDefinitionArn())).forEach(t -> s.reportStatus(t, "STOPPED"));
    }

    Service after = s.stored("web").service();
    assertThat(after.deployments().getFirst().id()).isEqualTo(good);
    assertThat(after.taskDefinition()).isEqualTo(s.web1);
    assertThat(s.stored("web").serviceDeployments().getFirst().status())
        .isEqualTo(dev.gantry.model.ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
  }

  /** Creates {@code service} with {@code desired} tasks and passes until they all run, reported by their agent. */
  private void steady(String service, int desired) {
    s.create(service, desired);
    placedThenRunning(service);
  }

  /** A pass places the service's tasks, their agent reports them RUNNING, and the next pass sees it. */
  private void placedThenRunning(String service) {
    pass();
    tasksOf(service).forEach(t -> s.reportStatus(t, "RUNNING"));
    advance(Duration.ofSeconds(1));
    pass();
  }
}
