package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ServiceEvent;
import dev.gantry.model.StopTaskRequest;
import dev.gantry.model.Task;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.reconcile.ServiceReconciler;
import dev.gantry.store.Keys;
import dev.gantry.store.MutableClock;
import dev.gantry.store.StateStore;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler reads the cluster through its placement cache: a pass reads the service's own
 * records and no other task, a cache that fell behind is read afresh before anything is
 * decided, and a decision made on a snapshot that another writer overtook loses its race and is
 * made again, never overcommitting an instance.
 */
class ServiceSchedulerCacheTest {
  StateStore store;
  ServiceFixture s;
  ServiceScheduler scheduler;

  void setUp(StateStore backing) {
    store = backing;
    s = new ServiceFixture(store);
    MutableClock clock = new MutableClock(s.f.now);
    scheduler = new ServiceScheduler(store, new ArnFormat("eu-west-1", "123456789012"),
        new ServiceReconciler(ServiceSchedulerTest.TIMING), clock, new Random(3),
        (cluster, id) -> Optional.of(clock.instant()), clock.instant(),
        new PlacementCaches(store, Duration.ofMillis(20)));
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  List<Task> tasksOf(String service) {
    return s.f.allTasks().stream().filter(t -> ("service:" + service).equals(t.group())).toList();
  }

  List<Task> wanted(String service) {
    return tasksOf(service).stream().filter(t -> "RUNNING".equals(t.desiredStatus())).toList();
  }

  @Test
  void aPassReadsNoTaskRecordOfTheClusterOnceItsCacheIsWarm() {
    ObservedStore observed = new ObservedStore(new InMemoryStateStore());
    setUp(observed);
    s.create("web", 2);
    s.create("api", 2);
    // history: tasks RunTask started and StopTask stopped, and another service's stopped tasks
    for (Task t : s.f.run(s.web1, 5).tasks()) {
      s.call("StopTask", StopTaskRequest.builder().cluster(CLUSTER).task(t.taskArn()).build());
    }
    scheduler.reconcile(CLUSTER);
    tasksOf("api").forEach(t -> s.reportStatus(t, "STOPPED"));
    observed.forgetReads();

    scheduler.reconcile(CLUSTER);

    assertThat(observed.reads()).noneMatch(key -> key.startsWith(Keys.tasks(CLUSTER))
        || key.startsWith("range:" + Keys.tasks(CLUSTER)) || key.startsWith("range:" + Keys.instances(CLUSTER)));
    assertThat(wanted("web")).hasSize(2);
    assertThat(wanted("api")).hasSize(2);
    assertThat(tasksOf("api")).hasSize(4); // the two that stopped were replaced, once
  }

  @Test
  void aCacheThatFellBehindIsReadAfreshBeforeTheSchedulerDecides() {
    ObservedStore observed = new ObservedStore(new InMemoryStateStore());
    observed.stallNewWatches(); // the cache's watches never deliver: every snapshot is behind the store
    setUp(observed);
    s.create("web", 2);
    scheduler.reconcile(CLUSTER);
    Task stopped = tasksOf("web").getFirst();
    s.reportStatus(stopped, "STOPPED");

    scheduler.reconcile(CLUSTER);

    // a stale view would still show the stopped task PENDING and start nothing
    assertThat(wanted("web")).hasSize(2).noneMatch(t -> t.taskArn().equals(stopped.taskArn()));
    assertThat(tasksOf("web")).hasSize(3);
    scheduler.reconcile(CLUSTER);
    assertThat(tasksOf("web")).hasSize(3);
  }

  @Test
  void aDecisionOvertakenByAnotherWriterLosesItsRaceAndNeverOvercommits() {
    InterferingStore interfering = new InterferingStore(new InMemoryStateStore());
    setUp(interfering);
    String big = s.f.registerFamily("big", 4090, 10, 0);
    s.create("web", 2);
    // between the scheduler's snapshot and its write, RunTask fills both hosts but 6 CPU units each
    interfering.beforeNextTxn(() -> assertThat(s.f.run(big, 2).tasks()).hasSize(2));

    scheduler.reconcile(CLUSTER);

    assertThat(tasksOf("web")).isEmpty();
    for (ContainerInstance host : List.of(s.hostA, s.hostB)) {
      assertThat(TaskOpsFixture.integer(s.f.instance(host.containerInstanceArn()).remainingResources(), "CPU"))
          .isEqualTo(6);
    }
    assertThat(s.stored("web").service().events()).extracting(ServiceEvent::message)
        .anyMatch(m -> m.contains("was unable to place a task"));
  }
}
