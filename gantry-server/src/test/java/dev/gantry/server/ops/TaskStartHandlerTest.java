package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ARN_PREFIX;
import static dev.gantry.server.ops.ClusterOpsFixture.NOW;
import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static dev.gantry.server.ops.TaskOpsFixture.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Container;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.Failure;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.LaunchType;
import dev.gantry.model.PlacementConstraint;
import dev.gantry.model.PlacementConstraintType;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.PlacementStrategyType;
import dev.gantry.model.RunTaskRequest;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.StartTaskRequest;
import dev.gantry.model.StartTaskResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.TaskOverride;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskStartHandlerTest {
  private final TaskOpsFixture f = new TaskOpsFixture();
  private String web;

  @BeforeEach
  void setUp() {
    f.createCluster();
    web = f.registerFamily("web", 256, 512, 0);
  }

  @Test
  void runTaskPlacesATaskAsEcsShowsIt() {
    ContainerInstance host = f.register("i-1", 1024, 2048, "22");
    RunTaskResponse r = f.call("RunTask", RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .startedBy("batch-7").tags(List.of(new Tag("team", "blue"))).build());

    assertThat(r.failures()).isEmpty();
    Task task = r.tasks().getFirst();
    assertThat(task.taskArn()).matches(ARN_PREFIX + "task/prod/[0-9a-f]{32}");
    assertThat(task.clusterArn()).isEqualTo(ARN_PREFIX + "cluster/prod");
    assertThat(task.taskDefinitionArn()).isEqualTo(web);
    assertThat(task.containerInstanceArn()).isEqualTo(host.containerInstanceArn());
    assertThat(task.lastStatus()).isEqualTo("PENDING");
    assertThat(task.desiredStatus()).isEqualTo("RUNNING");
    assertThat(task.group()).isEqualTo("family:web");
    assertThat(task.startedBy()).isEqualTo("batch-7");
    assertThat(task.launchType()).isEqualTo(LaunchType.EC2);
    assertThat(task.availabilityZone()).isEqualTo("rack-1");
    assertThat(task.createdAt()).isEqualTo(NOW);
    assertThat(task.version()).isEqualTo(1L);
    assertThat(task.healthStatus()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(task.tags()).containsExactly(new Tag("team", "blue"));
    assertThat(task.overrides().containerOverrides()).containsExactly(ContainerOverride.builder().name("app").build());
    Container app = task.containers().getFirst();
    assertThat(app.containerArn()).startsWith(ARN_PREFIX + "container/prod/" + Tasks.id(task) + "/");
    assertThat(app.taskArn()).isEqualTo(task.taskArn());
    assertThat(app.image()).isEqualTo("gantry-test/busybox:latest");
    assertThat(app.lastStatus()).isEqualTo("PENDING");
    assertThat(app.cpu()).isEqualTo("256");
    assertThat(app.memory()).isEqualTo("512");
    assertThat(f.stored(task.taskArn())).isEqualTo(task);
  }

  @Test
  void placedTasksShowInTheirInstancesResourcesAndCounts() {
    String host = f.register("i-1", 1024, 2048).containerInstanceArn();
    f.run("web", 2);

    ContainerInstance after = f.instance(host);
    assertThat(integer(after.remainingResources(), "CPU")).isEqualTo(512);
    assertThat(integer(after.remainingResources(), "MEMORY")).isEqualTo(1024);
    assertThat(after.pendingTasksCount()).isEqualTo(2);
    assertThat(after.runningTasksCount()).isZero();
    assertThat(after.version()).isEqualTo(2L);
  }

  @Test
  void tasksThatDoNotFitComeBackAsFailuresWithEcsReasons() {
    String host = f.register("i-1", 1024, 1200).containerInstanceArn();
    RunTaskResponse r = f.run("web", 3);

    assertThat(r.tasks()).hasSize(2);
    assertThat(r.failures()).containsExactly(Failure.builder().arn(host).reason("RESOURCE:MEMORY").detail("1 task not placed: of 1 container instances, 1 excluded by RESOURCE:MEMORY").build());
    assertThat(integer(f.instance(host).remainingResources(), "MEMORY")).isEqualTo(176);
  }

  @Test
  void aStaticHostPortTakenOnEveryInstanceFailsWithResourcePorts() {
    String host = f.register("i-1", 4096, 4096, "22").containerInstanceArn();
    f.registerFamily("ssh", 10, 10, 22);
    f.registerFamily("api", 10, 10, 9000);

    assertThat(f.run("ssh", 1).failures()).containsExactly(Failure.builder().arn(host).reason("RESOURCE:PORTS").detail("1 task not placed: of 1 container instances, 1 excluded by RESOURCE:PORTS").build());
    assertThat(f.run("api", 2).tasks()).hasSize(1);
    assertThat(f.instance(host).remainingResources()).anySatisfy(res -> {
      assertThat(res.name()).isEqualTo("PORTS");
      assertThat(res.stringSetValue()).containsExactly("22", "9000");
    });
  }

  @Test
  void anInstanceWithoutItsAgentGetsNoTasks() {
    ContainerInstance host = f.register("i-1", 4096, 4096);
    f.put(Keys.instance(CLUSTER, ContainerInstances.id(host)), host.toBuilder().agentConnected(false).build());

    assertThat(f.run("web", 1).failures()).containsExactly(Failure.builder().arn(host.containerInstanceArn())
        .reason("AGENT").detail("1 task not placed: of 1 container instances, 1 excluded by AGENT").build());
  }

  @Test
  void overridesChangeWhatTheTaskTakesAndAreShownPerContainer() {
    String host = f.register("i-1", 4096, 4096).containerInstanceArn();
    TaskOverride overrides = TaskOverride.builder().containerOverrides(List.of(ContainerOverride.builder()
        .name("app").cpu(1000).memory(3000).command(List.of("sleep", "5")).build())).build();
    Task task = f.<RunTaskRequest, RunTaskResponse>call("RunTask", RunTaskRequest.builder().cluster(CLUSTER)
        .taskDefinition("web").overrides(overrides).build()).tasks().getFirst();

    assertThat(task.containers().getFirst().cpu()).isEqualTo("1000");
    assertThat(task.containers().getFirst().memory()).isEqualTo("3000");
    assertThat(task.overrides().containerOverrides().getFirst().command()).containsExactly("sleep", "5");
    assertThat(integer(f.instance(host).remainingResources(), "MEMORY")).isEqualTo(1096);
  }

  @Test
  void aTaskLevelMemoryIsWhatTheTaskReserves() {
    String host = f.register("i-1", 4096, 4096).containerInstanceArn();
    f.call("RunTask", RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .overrides(TaskOverride.builder().cpu("1 vCPU").memory("2 GB").build()).build());

    assertThat(integer(f.instance(host).remainingResources(), "CPU")).isEqualTo(3072);
    assertThat(integer(f.instance(host).remainingResources(), "MEMORY")).isEqualTo(2048);
  }

  @Test
  void distinctInstancePutsEachTaskOnItsOwnHost() {
    f.register("i-1", 4096, 4096);
    f.register("i-2", 4096, 4096);
    RunTaskResponse r = f.call("RunTask", RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("web").count(3)
        .placementConstraints(List.of(PlacementConstraint.builder().type(PlacementConstraintType.DISTINCTINSTANCE)
            .build())).build());

    assertThat(r.tasks()).extracting(Task::containerInstanceArn).doesNotHaveDuplicates().hasSize(2);
    assertThat(r.failures()).extracting(Failure::reason).containsOnly("DistinctInstance placement constraint");
  }

  static Stream<Arguments> badRunTasks() {
    return Stream.<Arguments>of(
        Arguments.of("count 0", ErrorType.InvalidParameterException, "count 0",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.count(0)),
        Arguments.of("count 11", ErrorType.InvalidParameterException, "count 11",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.count(11)),
        Arguments.of("no task definition", ErrorType.InvalidParameterException, "taskDefinition is required",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.taskDefinition(null)),
        Arguments.of("an unknown family", ErrorType.ClientException, "'nosuch'",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.taskDefinition("nosuch")),
        Arguments.of("an unknown revision", ErrorType.ClientException, "'web:9'",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.taskDefinition("web:9")),
        Arguments.of("an override for a container the definition lacks", ErrorType.InvalidParameterException,
            "overrides.containerOverrides[0].name 'db'",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.overrides(TaskOverride.builder().containerOverrides(
                List.of(ContainerOverride.builder().name("db").build())).build())),
        Arguments.of("a tiny memory override", ErrorType.InvalidParameterException,
            "overrides.containerOverrides[0].memory 2",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.overrides(TaskOverride.builder().containerOverrides(
                List.of(ContainerOverride.builder().name("app").memory(2).build())).build())),
        Arguments.of("a task cpu override in no known form", ErrorType.InvalidParameterException,
            "overrides.cpu 'lots'",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.overrides(TaskOverride.builder().cpu("lots").build())),
        Arguments.of("a startedBy with spaces", ErrorType.InvalidParameterException, "startedBy 'my job'",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.startedBy("my job")),
        Arguments.of("the FARGATE launch type", ErrorType.InvalidParameterException, "launchType FARGATE",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.launchType(LaunchType.FARGATE)),
        Arguments.of("memberOf without an expression", ErrorType.InvalidParameterException,
            "placementConstraints[0].expression",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.placementConstraints(List.of(PlacementConstraint.builder()
                .type(PlacementConstraintType.MEMBEROF).build()))),
        Arguments.of("binpack on ports", ErrorType.InvalidParameterException, "placementStrategy[0].field 'ports'",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.placementStrategy(List.of(PlacementStrategy.builder()
                .type(PlacementStrategyType.BINPACK).field("ports").build()))),
        Arguments.of("a reserved tag key", ErrorType.InvalidParameterException, "aws:",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.tags(List.of(new Tag("aws:x", "y")))),
        Arguments.of("a cluster that does not exist", ErrorType.ClusterNotFoundException, "nowhere",
            (UnaryOperator<RunTaskRequest.Builder>) b -> b.cluster("nowhere")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRunTasks")
  void badRunTaskRequestsAreRefusedNamingTheMember(String why, ErrorType type, String message,
      UnaryOperator<RunTaskRequest.Builder> edit) {
    f.register("i-1", 4096, 4096);
    RunTaskRequest request = edit.apply(RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")).build();

    assertThat(ecsError(type, () -> f.call("RunTask", request)).getMessage()).contains(message);
    assertThat(f.allTasks()).isEmpty();
  }

  @Test
  void aClusterWithoutInstancesCannotRunTasks() {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> f.run("web", 1)).getMessage())
        .contains("No Container Instances were found in your cluster.");
  }

  @Test
  void anInactiveRevisionCannotStartTasks() {
    f.register("i-1", 4096, 4096);
    f.call("DeregisterTaskDefinition", dev.gantry.model.DeregisterTaskDefinitionRequest.builder()
        .taskDefinition("web:1").build());

    assertThat(ecsError(ErrorType.ClientException, () -> f.run("web:1", 1)).getMessage()).contains("INACTIVE");
  }

  @Test
  void startTaskPlacesOnTheNamedInstancesAndReportsTheOnesThatCannotTakeIt() {
    ContainerInstance big = f.register("i-1", 4096, 4096);
    ContainerInstance small = f.register("i-2", 128, 4096);
    StartTaskResponse r = f.call("StartTask", StartTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .containerInstances(List.of(ContainerInstances.id(big), small.containerInstanceArn(), "0badc0de")).build());

    assertThat(r.tasks()).singleElement().satisfies(t -> {
      assertThat(t.containerInstanceArn()).isEqualTo(big.containerInstanceArn());
      assertThat(t.group()).isEqualTo("family:web");
    });
    assertThat(r.failures()).containsExactly(
        Failure.builder().arn(small.containerInstanceArn()).reason("RESOURCE:CPU").detail("1 task not placed: of 1 container instances, 1 excluded by RESOURCE:CPU").build(),
        Failure.builder().arn(ARN_PREFIX + "container-instance/prod/0badc0de").reason("MISSING")
            .detail("not found in cluster prod").build());
    assertThat(f.instance(big.containerInstanceArn()).pendingTasksCount()).isEqualTo(1);
  }

  @Test
  void startTaskNamingOneInstanceTwiceStartsTwoTasksThereWhileTheyFit() {
    ContainerInstance host = f.register("i-1", 600, 4096);
    String id = ContainerInstances.id(host);
    StartTaskResponse r = f.call("StartTask", StartTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .containerInstances(List.of(id, id, id)).build());

    assertThat(r.tasks()).hasSize(2);
    assertThat(r.failures()).extracting(Failure::reason).containsExactly("RESOURCE:CPU");
    assertThat(f.instance(host.containerInstanceArn()).pendingTasksCount()).isEqualTo(2);
  }

  @Test
  void startTaskOnADeregisteredInstanceFailsAsInactiveAndOnADrainingOneTakesNothing() {
    ContainerInstance gone = f.register("i-1", 4096, 4096);
    ContainerInstance draining = f.register("i-2", 4096, 4096);
    f.put(Keys.instance(CLUSTER, ContainerInstances.id(gone)), gone.toBuilder().status("INACTIVE").build());
    f.put(Keys.instance(CLUSTER, ContainerInstances.id(draining)), draining.toBuilder().status("DRAINING").build());

    StartTaskResponse r = f.call("StartTask", StartTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .containerInstances(List.of(ContainerInstances.id(gone), draining.containerInstanceArn())).build());

    assertThat(r.tasks()).isEmpty();
    assertThat(r.failures()).containsExactly(
        Failure.builder().arn(gone.containerInstanceArn()).reason("INACTIVE").detail("deregistered from cluster prod")
            .build(),
        Failure.builder().arn(draining.containerInstanceArn()).reason("INACTIVE")
            .detail("1 task not placed: of 1 container instances, 1 excluded by INACTIVE").build());
  }

  @Test
  void startTaskNeedsOneToTenInstances() {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> f.call("StartTask", StartTaskRequest.builder()
        .cluster(CLUSTER).taskDefinition("web").containerInstances(List.of()).build())).getMessage())
        .contains("containerInstances must list 1 to 10");
  }
}
