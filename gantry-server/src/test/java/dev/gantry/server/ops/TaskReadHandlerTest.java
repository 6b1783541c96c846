package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ARN_PREFIX;
import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DescribeTasksRequest;
import dev.gantry.model.DescribeTasksResponse;
import dev.gantry.model.DesiredStatus;
import dev.gantry.model.Failure;
import dev.gantry.model.ListTasksRequest;
import dev.gantry.model.ListTasksResponse;
import dev.gantry.model.RunTaskRequest;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Service;
import dev.gantry.model.StopTaskRequest;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.TaskField;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskReadHandlerTest {
  private final TaskOpsFixture f = new TaskOpsFixture();
  private ContainerInstance a;
  private ContainerInstance b;
  private Task webOnA;
  private Task webOnB;
  private Task batchJob;
  private Task stopped;

  @BeforeEach
  void setUp() {
    f.createCluster();
    a = f.register("i-a", 4096, 4096);
    b = f.register("i-b", 4096, 4096);
    f.registerFamily("web", 10, 10, 0);
    f.registerFamily("batch", 10, 10, 0);
    webOnA = start("web", a, null);
    webOnB = start("web", b, null);
    batchJob = start("batch", a, "nightly");
    stopped = start("batch", b, null);
    f.call("StopTask", StopTaskRequest.builder().cluster(CLUSTER).task(stopped.taskArn()).build());
    putService("api");
  }

  private void putService(String name) {
    f.put(Keys.service(CLUSTER, name), StoredService.of(Service.builder().serviceName(name)
        .serviceArn(ARN_PREFIX + "service/" + CLUSTER + "/" + name).clusterArn(ARN_PREFIX + "cluster/" + CLUSTER)
        .status("ACTIVE").build()));
  }

  private Task start(String family, ContainerInstance on, String startedBy) {
    dev.gantry.model.StartTaskResponse r = f.call("StartTask", dev.gantry.model.StartTaskRequest.builder()
        .cluster(CLUSTER).taskDefinition(family).startedBy(startedBy).tags(List.of(new Tag("app", family)))
        .containerInstances(List.of(on.containerInstanceArn())).build());
    return r.tasks().getFirst();
  }

  @Test
  void describeTasksFindsTasksByIdAndArnAndReportsTheMissingOnes() {
    DescribeTasksResponse r = f.call("DescribeTasks", DescribeTasksRequest.builder().cluster(CLUSTER)
        .tasks(List.of(Tasks.id(webOnA), webOnB.taskArn(), "feedface", ARN_PREFIX + "task/other/abc")).build());

    assertThat(r.tasks()).extracting(Task::taskArn).containsExactly(webOnA.taskArn(), webOnB.taskArn());
    assertThat(r.tasks()).allSatisfy(t -> assertThat(t.tags()).isNull());
    assertThat(r.failures()).containsExactly(Failure.builder().arn(ARN_PREFIX + "task/prod/feedface").reason("MISSING")
        .build(), Failure.builder().arn(ARN_PREFIX + "task/other/abc").reason("MISSING").build());
  }

  @Test
  void describeTasksShowsTagsWhenAskedTo() {
    DescribeTasksResponse r = f.call("DescribeTasks", DescribeTasksRequest.builder().cluster(CLUSTER)
        .tasks(List.of(webOnA.taskArn(), stopped.taskArn())).include(List.of(TaskField.TAGS)).build());

    assertThat(r.tasks()).extracting(Task::tags).containsExactly(List.of(new Tag("app", "web")), List.of());
  }

  @Test
  void describeTasksNeedsOneToAHundredTasks() {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> f.call("DescribeTasks", DescribeTasksRequest
        .builder().cluster(CLUSTER).tasks(List.of()).build())).getMessage()).contains("tasks must list 1 to 100");
  }

  static Stream<Arguments> listings() {
    return Stream.of(
        Arguments.of("by default, the tasks meant to run", (UnaryOperator<ListTasksRequest.Builder>) r -> r,
            List.of("webOnA", "webOnB", "batchJob")),
        Arguments.of("the stopped ones", (UnaryOperator<ListTasksRequest.Builder>) r -> r
            .desiredStatus(DesiredStatus.STOPPED), List.of("stopped")),
        Arguments.of("PENDING is never a desired status",
            (UnaryOperator<ListTasksRequest.Builder>) r -> r.desiredStatus(DesiredStatus.PENDING), List.of()),
        Arguments.of("one family", (UnaryOperator<ListTasksRequest.Builder>) r -> r.family("web"),
            List.of("webOnA", "webOnB")),
        Arguments.of("one container instance by id", (UnaryOperator<ListTasksRequest.Builder>) r -> r
            .containerInstance("INSTANCE_A"), List.of("webOnA", "batchJob")),
        Arguments.of("one startedBy", (UnaryOperator<ListTasksRequest.Builder>) r -> r.startedBy("nightly"),
            List.of("batchJob")),
        Arguments.of("a service that started none", (UnaryOperator<ListTasksRequest.Builder>) r -> r
            .serviceName("api"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listings")
  void listTasksFiltersAsEcsDoes(String why, UnaryOperator<ListTasksRequest.Builder> filter, List<String> expected) {
    ListTasksRequest.Builder request = filter.apply(ListTasksRequest.builder().cluster(CLUSTER));
    ListTasksRequest built = request.build();
    if ("INSTANCE_A".equals(built.containerInstance())) {
      built = built.toBuilder().containerInstance(ContainerInstances.id(a)).build();
    }
    ListTasksResponse r = f.call("ListTasks", built);

    List<String> arns = new ArrayList<>();
    for (String name : expected) {
      arns.add(switch (name) {
        case "webOnA" -> webOnA.taskArn();
        case "webOnB" -> webOnB.taskArn();
        case "batchJob" -> batchJob.taskArn();
        default -> stopped.taskArn();
      });
    }
    assertThat(r.taskArns()).containsExactlyInAnyOrderElementsOf(arns);
  }

  @Test
  void listTasksOfAServiceListsTheTasksOfItsGroupByNameOrArn() {
    putService("web-svc");
    dev.gantry.model.StartTaskResponse r = f.call("StartTask", dev.gantry.model.StartTaskRequest.builder()
        .cluster(CLUSTER).taskDefinition("web").group("service:web-svc").startedBy("ecs-svc/1234567890123456789")
        .containerInstances(List.of(a.containerInstanceArn())).build());
    String arn = r.tasks().getFirst().taskArn();

    ListTasksResponse byName = f.call("ListTasks", ListTasksRequest.builder().cluster(CLUSTER).serviceName("web-svc")
        .build());
    ListTasksResponse byArn = f.call("ListTasks", ListTasksRequest.builder().cluster(CLUSTER)
        .serviceName(ARN_PREFIX + "service/" + CLUSTER + "/web-svc").build());

    assertThat(byName.taskArns()).containsExactly(arn);
    assertThat(byArn.taskArns()).containsExactly(arn);
  }

  @Test
  void listTasksOfAServiceThatDoesNotExistIsServiceNotFound() {
    assertThat(ecsError(ErrorType.ServiceNotFoundException, () -> f.call("ListTasks", ListTasksRequest.builder()
        .cluster(CLUSTER).serviceName("nope").build())).getMessage()).contains("'nope'", "cluster 'prod'");
  }

  @Test
  void listTasksPagesThroughEveryTaskOnce() {
    RunTaskResponse more = f.call("RunTask", RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .count(5).build());
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ListTasksResponse page = f.call("ListTasks", ListTasksRequest.builder().cluster(CLUSTER).maxResults(3)
          .nextToken(token).build());
      assertThat(page.taskArns().size()).isLessThanOrEqualTo(3);
      seen.addAll(page.taskArns());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).doesNotHaveDuplicates().hasSize(3 + more.tasks().size());
  }

  @Test
  void startedByMustBeTheOnlyFilter() {
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> f.call("ListTasks", ListTasksRequest.builder()
        .cluster(CLUSTER).startedBy("nightly").family("batch").build())).getMessage())
        .contains("startedBy must be the only filter");
  }
}
