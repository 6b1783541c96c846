package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static dev.gantry.server.ops.TaskOpsFixture.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DescribeTaskDefinitionRequest;
import dev.gantry.model.DescribeTaskDefinitionResponse;
import dev.gantry.model.LaunchType;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.model.UpdateContainerInstancesStateRequest;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.TxnResult;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RunTask calls decided as one batch: each call sees the tasks and resources the calls before
 * it took, the whole batch is one guarded transaction, and a refused call leaves the others
 * alone.
 */
class RunTaskBatchTest {
  private final TaskOpsFixture cluster = new TaskOpsFixture();
  private final ArnFormat arns = new ArnFormat(ClusterOpsFixture.SETTINGS.region(), ClusterOpsFixture.SETTINGS.accountId());
  private TaskDefinition job;

  @BeforeEach
  void setUp() {
    cluster.createCluster();
    cluster.registerFamily("job", 400, 100, 0);
    DescribeTaskDefinitionResponse d = cluster.call("DescribeTaskDefinition",
        DescribeTaskDefinitionRequest.builder().taskDefinition("job").build());
    job = d.taskDefinition();
  }

  private RunTaskBatch.Call call(String group, int count, Constraint... constraints) {
    TaskOverride none = TaskOverride.builder().build();
    TaskLaunch launch = new TaskLaunch(CLUSTER, arns.cluster(CLUSTER), job, none, TaskDemand.of(job, none), group,
        null, List.of(), LaunchType.EC2, false);
    PlacementRequest request = PlacementRequest.of(group, count, TaskDemand.forPlacement(job, none))
        .withConstraints(List.of(constraints));
    return new RunTaskBatch.Call(launch, request, new CallContext(ClusterOpsFixture.ROOT, ClusterOpsFixture.NOW, "r"),
        new CompletableFuture<>());
  }

  private ConflictRetry.Plan<List<RunTaskBatch.Outcome>> decide(RunTaskBatch.Call... calls) {
    PlacementCache cache = new PlacementCache(cluster.store, CLUSTER);
    return RunTaskBatch.decide(arns, new Random(3), CLUSTER, cache.snapshot(cluster.store.revision()), List.of(calls),
        () -> InstanceViews.holdings(cluster.store, CLUSTER, true));
  }

  private static RunTaskResponse answered(RunTaskBatch.Outcome o) {
    assertThat(o).isInstanceOf(RunTaskBatch.Outcome.Answered.class);
    return ((RunTaskBatch.Outcome.Answered) o).response();
  }

  @Test
  void eachCallIsDecidedOnWhatTheCallsBeforeItTook() {
    String a = cluster.register("i-a", 1000, 4000).containerInstanceArn();
    String b = cluster.register("i-b", 1000, 4000).containerInstanceArn();

    // distinctInstance counts the first call's task, so the second goes to the other host;
    // the third finds 200 CPU left on each host and places nothing
    var plan = decide(call("g", 1, new Constraint.DistinctInstance()), call("g", 1, new Constraint.DistinctInstance()),
        call("h", 2), call("h", 1));

    List<RunTaskResponse> responses = plan.result().stream().map(RunTaskBatchTest::answered).toList();
    assertThat(responses.get(0).tasks()).extracting(Task::containerInstanceArn).hasSize(1);
    assertThat(responses.get(1).tasks()).extracting(Task::containerInstanceArn).hasSize(1)
        .doesNotContainAnyElementsOf(responses.get(0).tasks().stream().map(Task::containerInstanceArn).toList());
    assertThat(responses.get(2).tasks()).extracting(Task::containerInstanceArn).containsExactlyInAnyOrder(a, b);
    assertThat(responses.get(3).tasks()).isEmpty();
    assertThat(responses.get(3).failures()).extracting(f -> f.reason()).containsOnly("RESOURCE:CPU");

    TxnResult committed = cluster.store.txn(plan.txn().orElseThrow());
    assertThat(committed.succeeded()).isTrue();
    Map<String, Long> stored = cluster.allTasks().stream()
        .collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
    assertThat(stored).containsExactlyInAnyOrderEntriesOf(Map.of(a, 2L, b, 2L));
    for (String host : List.of(a, b)) {
      ContainerInstance after = cluster.instance(host);
      assertThat(integer(after.remainingResources(), "CPU")).isEqualTo(200);
      assertThat(after.pendingTasksCount()).isEqualTo(2);
    }
  }

  @Test
  void theBatchFailsWholeWhenAnInstanceItChoseChangedMeanwhile() {
    String a = cluster.register("i-a", 1000, 4000).containerInstanceArn();
    var plan = decide(call("g", 1), call("g", 1));
    cluster.run("job", 1); // another writer takes capacity on the same host first

    assertThat(cluster.store.txn(plan.txn().orElseThrow()).succeeded()).isFalse();
    assertThat(cluster.allTasks()).hasSize(1);
    assertThat(integer(cluster.instance(a).remainingResources(), "CPU")).isEqualTo(600);
  }

  @Test
  void aRefusedCallIsAnsweredWithItsErrorAndWritesNothing() {
    String a = cluster.register("i-a", 1000, 4000).containerInstanceArn();
    cluster.call("UpdateContainerInstancesState", UpdateContainerInstancesStateRequest.builder().cluster(CLUSTER)
        .containerInstances(List.of(a)).status(dev.gantry.model.ContainerInstanceStatus.DRAINING).build());

    var plan = decide(call("g", 1), call("h", 1));

    assertThat(plan.txn()).isEmpty();
    assertThat(plan.result()).allSatisfy(o -> {
      assertThat(o).isInstanceOf(RunTaskBatch.Outcome.Refused.class);
      EcsException e = ((RunTaskBatch.Outcome.Refused) o).error();
      assertThat(e.getMessage()).startsWith(TaskStartHandler.NO_INSTANCES);
    });
  }
}
