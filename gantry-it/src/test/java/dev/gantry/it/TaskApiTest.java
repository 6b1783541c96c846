package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.ContainerStateChange;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/**
 * The task operations through the real SDK against a real server: instances registered
 * through the API, tasks run and stopped, and state changes submitted the way an agent would
 * (with the root key), checked through DescribeTasks, ListTasks and DescribeContainerInstances.
 */
class TaskApiTest extends ApiTestBase {
  @BeforeAll
  void registerTaskDefinitions() {
    ecs.registerTaskDefinition(Examples.registerRequest("web-linux.json"));
    ecs.registerTaskDefinition(r -> r.family("job").containerDefinitions(c -> c.name("main")
        .image("gantry-test/busybox:latest").cpu(300).memory(500).command("sleep", "1")));
  }

  private ContainerInstance register(String cluster, String instanceId, int cpu, int memory) {
    return ecs.registerContainerInstance(r -> r.cluster(cluster)
        .instanceIdentityDocument("{\"instanceId\":\"" + instanceId
            + "\",\"availabilityZone\":\"us-east-1a\",\"instanceType\":\"m5.large\",\"region\":\"us-east-1\"}")
        .totalResources(Resources.cpuAndMemory(cpu, memory))
        .attributes(capabilities())
        .versionInfo(VersionInfo.builder().agentVersion("0.1.0").dockerVersion("27.0.1").build()))
        .containerInstance();
  }

  /**
   * The capability attributes a real agent advertises and the web task definition requires
   * (placement checks requiresAttributes, as ECS does).
   */
  private List<Attribute> capabilities() {
    return ecs.describeTaskDefinition(r -> r.taskDefinition("web")).taskDefinition().requiresAttributes().stream()
        .map(a -> Attribute.builder().name(a.name()).value(a.value()).build())
        .toList();
  }

  private ContainerInstance describe(String cluster, String arn) {
    return ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn)).containerInstances()
        .getFirst();
  }

  private Task describeTask(String cluster, String arn) {
    return ecs.describeTasks(r -> r.cluster(cluster).tasks(arn)).tasks().getFirst();
  }

  /** Each test places on a cluster of its own, so that other tests' instances are no candidates. */
  private String cluster(String name) {
    ecs.createCluster(r -> r.clusterName(name));
    return name;
  }

  private static int integer(List<Resource> resources, String name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().integerValue();
  }

  @Test
  void aTaskRunsThroughItsLifecycleAsItsAgentReportsIt() {
    String cluster = cluster("lifecycle");
    ContainerInstance host = register(cluster, "i-1000000000000001", 2048, 4096);
    Task task = ecs.runTask(r -> r.cluster(cluster).taskDefinition("web").startedBy("it-lifecycle")
        .tags(Tag.builder().key("suite").value("it").build())).tasks().getFirst();
    assertThat(task.lastStatus()).isEqualTo("PENDING");
    assertThat(task.desiredStatus()).isEqualTo("RUNNING");
    assertThat(task.containerInstanceArn()).isEqualTo(host.containerInstanceArn());
    assertThat(task.containers()).extracting(Container::name, Container::lastStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("web", "PENDING"));
    ContainerInstance placed = describe(cluster, host.containerInstanceArn());
    assertThat(integer(placed.remainingResources(), "CPU")).isEqualTo(2048 - 256);
    assertThat(integer(placed.remainingResources(), "MEMORY")).isEqualTo(4096 - 128);
    assertThat(placed.pendingTasksCount()).isEqualTo(1);

    String ack = ecs.submitTaskStateChange(r -> r.cluster(cluster).task(task.taskArn()).status("RUNNING")
        .containers(ContainerStateChange.builder().containerName("web").status("RUNNING").runtimeId("d0c4e7")
            .networkBindings(NetworkBinding.builder().bindIP("0.0.0.0").containerPort(8080).hostPort(32768)
                .protocol(TransportProtocol.TCP).build()).build())).acknowledgment();
    assertThat(ack).isEqualTo("ACK");
    Task running = describeTask(cluster, task.taskArn());
    assertThat(running.lastStatus()).isEqualTo("RUNNING");
    assertThat(running.startedAt()).isNotNull();
    assertThat(running.containers().getFirst().networkBindings()).extracting(NetworkBinding::hostPort)
        .containsExactly(32768);
    ContainerInstance counted = describe(cluster, host.containerInstanceArn());
    assertThat(counted.runningTasksCount()).isEqualTo(1);
    assertThat(counted.pendingTasksCount()).isZero();

    Task stopping = ecs.stopTask(r -> r.cluster(cluster).task(task.taskArn()).reason("it is done")).task();
    assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
    assertThat(stopping.lastStatus()).isEqualTo("RUNNING");
    assertThat(stopping.stopCode()).isEqualTo(TaskStopCode.USER_INITIATED);
    ecs.submitContainerStateChange(r -> r.cluster(cluster).task(task.taskArn()).containerName("web")
        .status("STOPPED").exitCode(143));
    ecs.submitTaskStateChange(r -> r.cluster(cluster).task(task.taskArn()).status("STOPPED"));

    Task stopped = describeTask(cluster, task.taskArn());
    assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
    assertThat(stopped.stoppedReason()).isEqualTo("it is done");
    assertThat(stopped.stoppedAt()).isNotNull();
    assertThat(stopped.containers().getFirst().exitCode()).isEqualTo(143);
    ContainerInstance released = describe(cluster, host.containerInstanceArn());
    assertThat(integer(released.remainingResources(), "CPU")).isEqualTo(2048);
    assertThat(integer(released.remainingResources(), "MEMORY")).isEqualTo(4096);
    assertThat(released.runningTasksCount()).isZero();
    assertThat(ecs.listTasks(r -> r.cluster(cluster).desiredStatus(DesiredStatus.STOPPED)).taskArns())
        .contains(task.taskArn());
  }

  @Test
  void describeTasksShowsTagsOnRequestAndReportsUnknownTasks() {
    String cluster = cluster("described");
    register(cluster, "i-1000000000000002", 2048, 4096);
    Task task = ecs.runTask(r -> r.cluster(cluster).taskDefinition("job")
        .tags(Tag.builder().key("team").value("blue").build())
        .overrides(o -> o.containerOverrides(ContainerOverride.builder().name("main").command("true").build())))
        .tasks().getFirst();
    var r = ecs.describeTasks(d -> d.cluster(cluster).tasks(task.taskArn(), "0123456789abcdef0123456789abcdef")
        .include(TaskField.TAGS));

    assertThat(r.tasks()).singleElement().satisfies(t -> {
      assertThat(t.tags()).containsExactly(Tag.builder().key("team").value("blue").build());
      assertThat(t.overrides().containerOverrides().getFirst().command()).containsExactly("true");
      assertThat(t.group()).isEqualTo("family:job");
    });
    assertThat(r.failures()).containsExactly(Failure.builder()
        .arn(arn("task", cluster + "/0123456789abcdef0123456789abcdef")).reason("MISSING").build());
  }

  @Test
  void listTasksFiltersByFamilyInstanceAndStartedBy() {
    String cluster = cluster("listed");
    ContainerInstance host = register(cluster, "i-1000000000000003", 4096, 8192);
    Task job = ecs.startTask(r -> r.cluster(cluster).taskDefinition("job").startedBy("it-list")
        .containerInstances(host.containerInstanceArn())).tasks().getFirst();

    assertThat(ecs.listTasks(r -> r.cluster(cluster).startedBy("it-list")).taskArns()).containsExactly(job.taskArn());
    assertThat(ecs.listTasks(r -> r.cluster(cluster).containerInstance(host.containerInstanceArn())).taskArns())
        .containsExactly(job.taskArn());
    assertThat(ecs.listTasks(r -> r.cluster(cluster).family("job")).taskArns()).contains(job.taskArn());
    assertThat(ecs.listTasks(r -> r.cluster(cluster).family("web")).taskArns()).doesNotContain(job.taskArn());
    assertThat(ecs.listTasksPaginator(r -> r.cluster(cluster).maxResults(1)).taskArns()).contains(job.taskArn());
  }

  @Test
  void badRequestsGetEcsErrorsNamingTheMember() {
    String cluster = cluster("refusing");
    assertThatThrownBy(() -> ecs.runTask(r -> r.cluster(cluster).taskDefinition("web").count(11)))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("count 11");
    assertThatThrownBy(() -> ecs.runTask(r -> r.cluster(cluster).taskDefinition("no-such-family")))
        .isInstanceOf(ClientException.class).hasMessageContaining("no-such-family");
    assertThatThrownBy(() -> ecs.stopTask(r -> r.cluster(cluster).task("feedfacefeedfacefeedfacefeedface")))
        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("feedface");
  }

  @Test
  void concurrentRunTasksNeverOvercommitAnInstance() throws Exception {
    String cluster = "crowded";
    ecs.createCluster(r -> r.clusterName(cluster));
    ContainerInstance host = register(cluster, "i-1000000000000004", 1000, 100_000);
    int callers = 12;
    List<Future<RunTaskResponse>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(() -> ecs.runTask(r -> r.cluster(cluster).taskDefinition("job"))));
      }
      List<RunTaskResponse> responses = new ArrayList<>();
      for (Future<RunTaskResponse> f : futures) {
        responses.add(f.get());
      }
      assertThat(responses.stream().mapToInt(r -> r.tasks().size()).sum()).isEqualTo(3);
      assertThat(responses.stream().filter(r -> r.tasks().isEmpty()))
          .hasSize(callers - 3)
          .allSatisfy(r -> assertThat(r.failures()).extracting(Failure::reason).containsExactly("RESOURCE:CPU"));
    }
    ContainerInstance after = describe(cluster, host.containerInstanceArn());
    assertThat(integer(after.remainingResources(), "CPU")).isEqualTo(100);
    assertThat(after.pendingTasksCount()).isEqualTo(3);
    assertThat(ecs.listTasks(r -> r.cluster(cluster)).taskArns()).hasSize(3);
  }
}
