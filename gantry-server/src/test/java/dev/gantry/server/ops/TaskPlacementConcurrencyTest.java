package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static dev.gantry.server.ops.TaskOpsFixture.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Failure;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.testkit.InMemoryStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Placements racing for the same capacity, from several "replicas" (handler sets with their
 * own in-process locks over one store, so only the store's compares keep them apart): exactly
 * as many tasks are placed as fit, the rest fail with RESOURCE reasons, no instance is
 * overcommitted, and every instance's counters match its tasks.
 */
class TaskPlacementConcurrencyTest {
  private static final int CALLERS = 24;

  @Test
  void concurrentRunTasksPlaceExactlyWhatFitsAndNeverOvercommit() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    List<TaskOpsFixture> replicas = List.of(new TaskOpsFixture(store, 1), new TaskOpsFixture(store, 2),
        new TaskOpsFixture(store, 3));
    TaskOpsFixture first = replicas.getFirst();
    first.createCluster();
    // Room for 3 + 2 tasks of 300 CPU / 500 MiB: the first host is short of CPU after 3, the second of memory after 2.
    String a = first.register("i-a", 1000, 4000).containerInstanceArn();
    String b = first.register("i-b", 4000, 1100).containerInstanceArn();
    first.registerFamily("job", 300, 500, 0);

    List<RunTaskResponse> responses = runConcurrently(replicas);

    List<Task> placed = responses.stream().flatMap(r -> r.tasks().stream()).toList();
    assertThat(placed).hasSize(5);
    assertThat(responses.stream().filter(r -> r.tasks().isEmpty()))
        .hasSize(CALLERS - 5)
        .allSatisfy(r -> assertThat(r.failures()).extracting(Failure::reason)
            .containsExactlyInAnyOrder("RESOURCE:CPU", "RESOURCE:MEMORY"));
    assertThat(first.allTasks()).hasSize(5);
    Map<String, Long> perInstance = first.allTasks().stream()
        .collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
    assertThat(perInstance).containsEntry(a, 3L).containsEntry(b, 2L);
    ContainerInstance hostA = first.instance(a);
    ContainerInstance hostB = first.instance(b);
    assertThat(integer(hostA.remainingResources(), "CPU")).isEqualTo(100);
    assertThat(integer(hostA.remainingResources(), "MEMORY")).isEqualTo(2500);
    assertThat(integer(hostB.remainingResources(), "CPU")).isEqualTo(3400);
    assertThat(integer(hostB.remainingResources(), "MEMORY")).isEqualTo(100);
    assertThat(hostA.pendingTasksCount()).isEqualTo(3);
    assertThat(hostB.pendingTasksCount()).isEqualTo(2);
  }

  @Test
  void aPlacementThatLostItsRaceIsRecomputedOnFreshState() {
    InterferingStore store = new InterferingStore();
    TaskOpsFixture mine = new TaskOpsFixture(store, 1);
    TaskOpsFixture other = new TaskOpsFixture(store, 2);
    mine.createCluster();
    String host = mine.register("i-a", 1000, 1000).containerInstanceArn();
    mine.registerFamily("job", 600, 100, 0);
    store.beforeNextTxn(() -> assertThat(other.run("job", 1).tasks()).hasSize(1));

    RunTaskResponse r = mine.run("job", 1);

    assertThat(r.tasks()).isEmpty();
    assertThat(r.failures()).containsExactly(Failure.builder().arn(host).reason("RESOURCE:CPU").detail("1 task not placed: of 1 container instances, 1 excluded by RESOURCE:CPU").build());
    assertThat(integer(mine.instance(host).remainingResources(), "CPU")).isEqualTo(400);
  }

  private static List<RunTaskResponse> runConcurrently(List<TaskOpsFixture> replicas) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<RunTaskResponse>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CALLERS; i++) {
        TaskOpsFixture replica = replicas.get(i % replicas.size());
        futures.add(pool.submit(() -> {
          start.await();
          return replica.run("job", 1);
        }));
      }
      start.countDown();
      List<RunTaskResponse> out = new ArrayList<>();
      for (Future<RunTaskResponse> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }
}
