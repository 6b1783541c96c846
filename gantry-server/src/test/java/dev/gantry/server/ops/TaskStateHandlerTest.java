package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.NOW;
import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static dev.gantry.server.ops.TaskOpsFixture.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Container;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ContainerStateChange;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.DescribeClustersResponse;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.StopTaskRequest;
import dev.gantry.model.StopTaskResponse;
import dev.gantry.model.SubmitContainerStateChangeRequest;
import dev.gantry.model.SubmitContainerStateChangeResponse;
import dev.gantry.model.SubmitTaskStateChangeRequest;
import dev.gantry.model.SubmitTaskStateChangeResponse;
import dev.gantry.model.Task;
import dev.gantry.model.TaskStopCode;
import dev.gantry.model.TransportProtocol;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskStateHandlerTest {
  private final TaskOpsFixture f = new TaskOpsFixture();
  private ContainerInstance host;

  @BeforeEach
  void setUp() {
    f.createCluster();
    host = f.register("i-1", 1024, 2048, "22");
    f.registerFamily("web", 256, 512, 8080);
  }

  private Task runOne() {
    return f.run("web", 1).tasks().getFirst();
  }

  private SubmitTaskStateChangeResponse report(Task task, String status, ContainerStateChange... containers) {
    return f.call("SubmitTaskStateChange", SubmitTaskStateChangeRequest.builder().cluster(CLUSTER)
        .task(task.taskArn()).status(status).containers(List.of(containers)).build());
  }

  private static ContainerStateChange container(String status, Integer exitCode) {
    return ContainerStateChange.builder().containerName("app").status(status).exitCode(exitCode).runtimeId("c0ffee")
        .build();
  }

  @Test
  void anAgentsReportsMoveTheTaskAndTheInstanceCountersForward() {
    Task task = runOne();
    SubmitTaskStateChangeResponse ack = f.call("SubmitTaskStateChange", SubmitTaskStateChangeRequest.builder()
        .cluster(CLUSTER).task(task.taskArn()).status("RUNNING").pullStartedAt(Instant.parse("2025-03-01T10:15:00Z"))
        .pullStoppedAt(Instant.parse("2025-03-01T10:15:01Z"))
        .containers(List.of(container("RUNNING", null).toBuilder().networkBindings(List.of(NetworkBinding.builder()
            .bindIP("0.0.0.0").containerPort(8080).hostPort(8080).protocol(TransportProtocol.TCP).build())).build()))
        .build());

    assertThat(ack.acknowledgment()).isEqualTo("ACK");
    Task running = f.stored(task.taskArn());
    assertThat(running.lastStatus()).isEqualTo("RUNNING");
    assertThat(running.startedAt()).isEqualTo(NOW);
    assertThat(running.pullStartedAt()).isEqualTo(Instant.parse("2025-03-01T10:15:00Z"));
    assertThat(running.containers().getFirst().runtimeId()).isEqualTo("c0ffee");
    assertThat(running.containers().getFirst().networkBindings()).hasSize(1);
    ContainerInstance counted = f.instance(host.containerInstanceArn());
    assertThat(counted.pendingTasksCount()).isZero();
    assertThat(counted.runningTasksCount()).isEqualTo(1);
  }

  @Test
  void reportsArrivingWhileOneCommitsGoTogetherInOneTransactionAndCountEveryTask() throws Exception {
    InterferingStore store = new InterferingStore();
    TaskOpsFixture g = new TaskOpsFixture(store, 7);
    g.createCluster();
    ContainerInstance box = g.register("i-1", 4096, 8192);
    String family = g.registerFamily("many", 16, 16, 0);
    List<Task> tasks = g.run(family, 10).tasks();
    List<Thread> late = new ArrayList<>();
    // the first report's transaction waits until the other nine are queued behind it
    store.beforeNextTxn(() -> {
      tasks.subList(1, tasks.size()).forEach(t -> late.add(Thread.ofPlatform().start(() -> running(g, t))));
      late.forEach(TaskStateHandlerTest::awaitWaiting);
    });
    long before = store.revision();

    running(g, tasks.getFirst());
    for (Thread t : late) {
      t.join();
    }

    assertThat(store.revision() - before).as("transactions: the first report, then the nine others at once")
        .isEqualTo(2);
    assertThat(tasks).allSatisfy(t -> assertThat(g.stored(t.taskArn()).lastStatus()).isEqualTo("RUNNING"));
    ContainerInstance counted = g.instance(box.containerInstanceArn());
    assertThat(counted.runningTasksCount()).isEqualTo(10);
    assertThat(counted.pendingTasksCount()).isZero();
  }

  @Test
  void aBatchThatLostItsRaceIsAppliedAgainToWhatTheOtherWriterLeft() {
    InterferingStore store = new InterferingStore();
    TaskOpsFixture g = new TaskOpsFixture(store, 7);
    g.createCluster();
    ContainerInstance box = g.register("i-1", 4096, 8192);
    Task task = g.run(g.registerFamily("raced", 16, 16, 0), 1).tasks().getFirst();
    String key = dev.gantry.store.Keys.instance(CLUSTER, box.containerInstanceArn()
        .substring(box.containerInstanceArn().lastIndexOf('/') + 1));
    // another writer (a placement on another server) changes the instance between the read and the commit
    store.beforeNextTxn(() -> g.put(key, g.instance(box.containerInstanceArn()).toBuilder()
        .agentUpdateStatus(dev.gantry.model.AgentUpdateStatus.PENDING).build()));

    running(g, task);

    ContainerInstance after = g.instance(box.containerInstanceArn());
    assertThat(after.runningTasksCount()).isEqualTo(1);
    assertThat(after.agentUpdateStatus()).as("the other writer's change survives")
        .isEqualTo(dev.gantry.model.AgentUpdateStatus.PENDING);
  }

  private static void running(TaskOpsFixture g, Task task) {
    SubmitTaskStateChangeResponse ack = g.call("SubmitTaskStateChange", SubmitTaskStateChangeRequest.builder()
        .cluster(CLUSTER).task(task.taskArn()).status("RUNNING").containers(List.of(container("RUNNING", null)))
        .build());
    assertThat(ack.acknowledgment()).isEqualTo("ACK");
  }

  /** Until {@code t} is parked (queued on the cluster's lock). */
  private static void awaitWaiting(Thread t) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!(LockSupport.getBlocker(t) instanceof AbstractQueuedSynchronizer)) {
      assertThat(System.nanoTime()).as("%s queues behind the commit within 10 s", t).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aStoppedTaskGivesItsResourcesAndPortsBack() {
    Task task = runOne();
    report(task, "RUNNING", container("RUNNING", null));
    report(task, "STOPPED", container("STOPPED", 3));

    Task stopped = f.stored(task.taskArn());
    assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
    assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
    assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.ESSENTIALCONTAINEREXITED);
    assertThat(stopped.containers().getFirst().exitCode()).isEqualTo(3);
    ContainerInstance after = f.instance(host.containerInstanceArn());
    assertThat(integer(after.remainingResources(), "CPU")).isEqualTo(1024);
    assertThat(integer(after.remainingResources(), "MEMORY")).isEqualTo(2048);
    assertThat(ResourceFit.taken(after.remainingResources(), "PORTS")).containsExactly("22");
    assertThat(after.runningTasksCount()).isZero();
    assertThat(f.run("web", 1).tasks()).as("port 8080 is free again").hasSize(1);
  }

  @Test
  void repeatedAndLateReportsChangeNothing() {
    Task task = runOne();
    report(task, "RUNNING");
    Task running = f.stored(task.taskArn());
    report(task, "RUNNING");
    report(task, "PENDING");

    assertThat(f.stored(task.taskArn())).isEqualTo(running);
    assertThat(f.instance(host.containerInstanceArn()).runningTasksCount()).isEqualTo(1);
  }

  @Test
  void aContainerStateChangeRecordsTheContainerOnly() {
    Task task = runOne();
    SubmitContainerStateChangeResponse ack = f.call("SubmitContainerStateChange",
        SubmitContainerStateChangeRequest.builder().cluster(CLUSTER).task(Tasks.id(task)).containerName("app")
            .status("STOPPED").exitCode(1).reason("CannotPullContainerError").build());

    assertThat(ack.acknowledgment()).isEqualTo("ACK");
    Task after = f.stored(task.taskArn());
    assertThat(after.lastStatus()).isEqualTo("PENDING");
    Container app = after.containers().getFirst();
    assertThat(app.lastStatus()).isEqualTo("STOPPED");
    assertThat(app.exitCode()).isEqualTo(1);
    assertThat(app.reason()).isEqualTo("CannotPullContainerError");
  }

  @Test
  void stopTaskOnATaskNoAgentHasSeenStopsItAtOnce() {
    Task task = runOne();
    StopTaskResponse r = f.call("StopTask", StopTaskRequest.builder().cluster(CLUSTER).task(task.taskArn()).build());

    assertThat(r.task().lastStatus()).isEqualTo("STOPPED");
    assertThat(r.task().desiredStatus()).isEqualTo("STOPPED");
    assertThat(r.task().stopCode()).isEqualTo(TaskStopCode.USERINITIATED);
    assertThat(r.task().stoppedReason()).isEqualTo("Task stopped by user");
    assertThat(r.task().stoppingAt()).isEqualTo(NOW);
    assertThat(f.instance(host.containerInstanceArn()).pendingTasksCount()).isZero();
    assertThat(integer(f.instance(host.containerInstanceArn()).remainingResources(), "CPU")).isEqualTo(1024);
  }

  @Test
  void stopTaskOnARunningTaskLeavesTheStoppingToTheAgent() {
    Task task = runOne();
    report(task, "RUNNING", container("RUNNING", null));
    StopTaskResponse r = f.call("StopTask", StopTaskRequest.builder().cluster(CLUSTER).task(Tasks.id(task))
        .reason("deploying v2").build());

    assertThat(r.task().lastStatus()).isEqualTo("RUNNING");
    assertThat(r.task().desiredStatus()).isEqualTo("STOPPED");
    assertThat(r.task().stoppedReason()).isEqualTo("deploying v2");
    assertThat(f.instance(host.containerInstanceArn()).runningTasksCount()).isEqualTo(1);

    report(task, "STOPPED", container("STOPPED", 143));
    Task stopped = f.stored(task.taskArn());
    assertThat(stopped.stopCode()).isEqualTo(TaskStopCode.USERINITIATED);
    assertThat(stopped.stoppedReason()).isEqualTo("deploying v2");
    assertThat(f.instance(host.containerInstanceArn()).runningTasksCount()).isZero();
  }

  @Test
  void stopTaskOfAnUnknownTaskNamesIt() {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> f.call("StopTask", StopTaskRequest.builder()
        .cluster(CLUSTER).task("0123abcd").build())).getMessage()).contains("'0123abcd'");
  }

  @Test
  void anUnknownStatusOrContainerIsRefusedNamingIt() {
    Task task = runOne();

    assertThat(ecsError(ErrorType.InvalidParameterException, () -> report(task, "HAPPY")).getMessage())
        .contains("status 'HAPPY'");
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> report(task, "RUNNING",
        ContainerStateChange.builder().containerName("db").status("RUNNING").build())).getMessage())
        .contains("containers[0].containerName 'db'");
  }

  @Test
  void anAgentKeyMayReportOnlyOnTasksOfItsOwnInstance() {
    Task task = runOne();
    var own = new Principal.Agent("AKIDAGENT", CLUSTER, ContainerInstances.id(host));
    var other = new Principal.Agent("AKIDOTHER", CLUSTER, "someoneelse");
    SubmitTaskStateChangeRequest running = SubmitTaskStateChangeRequest.builder().cluster(CLUSTER)
        .task(task.taskArn()).status("RUNNING").build();

    ecsError(ErrorType.AccessDeniedException, () -> f.callAs(other, "SubmitTaskStateChange", running));
    SubmitTaskStateChangeResponse ack = f.callAs(own, "SubmitTaskStateChange", running);
    assertThat(ack.acknowledgment()).isEqualTo("ACK");
  }

  @Test
  void describeClustersCountsTasksByStatus() {
    f.registerFamily("batch", 10, 10, 0);
    Task first = f.run("batch", 1).tasks().getFirst();
    f.run("batch", 2);
    report(first, "RUNNING");
    DescribeClustersResponse r = f.call("DescribeClusters", DescribeClustersRequest.builder()
        .clusters(List.of(CLUSTER)).build());

    assertThat(r.clusters().getFirst().runningTasksCount()).isEqualTo(1);
    assertThat(r.clusters().getFirst().pendingTasksCount()).isEqualTo(2);
  }
}
