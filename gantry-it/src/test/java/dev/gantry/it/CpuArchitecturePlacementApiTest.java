package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/**
 * runtimePlatform.cpuArchitecture through the real SDK against a real server: an ARM64 task
 * definition lands only on instances whose agent advertised {@code ecs.cpu-architecture=arm64},
 * an X86_64 one never there, for RunTask, StartTask and a service alike; when no instance of the
 * architecture has room the failure is ECS's {@code ATTRIBUTE} with a detail naming the rule.
 */
class CpuArchitecturePlacementApiTest extends ApiTestBase {
  private static final String ARCH_DETAIL = "ATTRIBUTE (ecs.cpu-architecture is not the task definition's "
      + "runtimePlatform.cpuArchitecture)";

  @BeforeAll
  void registerTaskDefinitions() {
    for (CPUArchitecture architecture : List.of(CPUArchitecture.ARM64, CPUArchitecture.X86_64)) {
      ecs.registerTaskDefinition(r -> r.family("app-" + architecture.toString().toLowerCase())
          .runtimePlatform(p -> p.operatingSystemFamily("LINUX").cpuArchitecture(architecture))
          .containerDefinitions(c -> c.name("app").image("gantry-test/busybox:latest").cpu(1024).memory(1024)
              .command("sleep", "3600")));
    }
  }

  /** Each test places on a cluster of its own, so that other tests' instances are no candidates. */
  private String cluster(String name) {
    ecs.createCluster(r -> r.clusterName(name));
    return name;
  }

  /** An instance with room for two of the tasks, advertising {@code architecture} unless empty. */
  private ContainerInstance register(String cluster, String instanceId, Optional<String> architecture) {
    List<Attribute> attributes = architecture
        .map(a -> List.of(Attribute.builder().name("ecs.cpu-architecture").value(a).build()))
        .orElse(List.of());
    return ecs.registerContainerInstance(r -> r.cluster(cluster)
        .instanceIdentityDocument("{\"instanceId\":\"" + instanceId
            + "\",\"availabilityZone\":\"us-east-1a\",\"instanceType\":\"m7g.large\",\"region\":\"us-east-1\"}")
        .totalResources(Resources.cpuAndMemory(2048, 2048))
        .attributes(attributes)
        .versionInfo(VersionInfo.builder().agentVersion("0.1.0").dockerVersion("27.0.1").build()))
        .containerInstance();
  }

  private RunTaskResponse run(String cluster, String family, int count) {
    return ecs.runTask(r -> r.cluster(cluster).taskDefinition(family).count(count));
  }

  @Test
  void runTaskPlacesEachArchitectureOnlyOnItsOwnInstances() {
    String cluster = cluster("arch-run");
    ContainerInstance arm = register(cluster, "i-a000000000000001", Optional.of("arm64"));
    ContainerInstance x86 = register(cluster, "i-a000000000000002", Optional.of("x86_64"));

    RunTaskResponse armTasks = run(cluster, "app-arm64", 2);
    RunTaskResponse x86Tasks = run(cluster, "app-x86_64", 2);

    assertThat(armTasks.tasks()).hasSize(2).extracting(Task::containerInstanceArn)
        .containsOnly(arm.containerInstanceArn());
    assertThat(x86Tasks.tasks()).hasSize(2).extracting(Task::containerInstanceArn)
        .containsOnly(x86.containerInstanceArn());
    assertThat(armTasks.failures()).isEmpty();
    assertThat(x86Tasks.failures()).isEmpty();
  }

  @Test
  void anArm64TaskWithNoArm64RoomFailsWithAttributeAndNamesTheRule() {
    String cluster = cluster("arch-full");
    ContainerInstance x86 = register(cluster, "i-b000000000000001", Optional.of("x86_64"));
    ContainerInstance unlabelled = register(cluster, "i-b000000000000002", Optional.empty());

    RunTaskResponse r = run(cluster, "app-arm64", 1);

    assertThat(r.tasks()).isEmpty();
    String detail = "1 task not placed: of 2 container instances, 2 excluded by " + ARCH_DETAIL;
    assertThat(r.failures()).containsExactlyInAnyOrder(
        Failure.builder().arn(x86.containerInstanceArn()).reason("ATTRIBUTE").detail(detail).build(),
        Failure.builder().arn(unlabelled.containerInstanceArn()).reason("ATTRIBUTE").detail(detail).build());
    // an instance that does not say its architecture is an x86_64 one
    assertThat(run(cluster, "app-x86_64", 4).tasks()).hasSize(4);
  }

  @Test
  void startTaskRefusesANamedInstanceOfAnotherArchitecture() {
    String cluster = cluster("arch-start");
    ContainerInstance arm = register(cluster, "i-c000000000000001", Optional.of("arm64"));

    var r = ecs.startTask(s -> s.cluster(cluster).taskDefinition("app-x86_64")
        .containerInstances(arm.containerInstanceArn()));

    assertThat(r.tasks()).isEmpty();
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.arn()).isEqualTo(arm.containerInstanceArn());
      assertThat(f.reason()).isEqualTo("ATTRIBUTE");
      assertThat(f.detail()).contains(ARCH_DETAIL);
    });
  }

  @Test
  void aServiceOfArm64TasksRunsThemOnlyOnArm64Instances() throws InterruptedException {
    String cluster = cluster("arch-service");
    ContainerInstance arm = register(cluster, "i-d000000000000001", Optional.of("arm64"));
    register(cluster, "i-d000000000000002", Optional.of("x86_64"));
    register(cluster, "i-d000000000000003", Optional.empty());

    ecs.createService(r -> r.cluster(cluster).serviceName("arm").taskDefinition("app-arm64").desiredCount(2));

    List<Task> tasks = awaitServiceTasks(cluster, "arm", 2);
    assertThat(tasks).extracting(Task::containerInstanceArn).containsOnly(arm.containerInstanceArn());
  }

  /** The service's tasks once the scheduler has started {@code count} of them (at most 30 s). */
  private List<Task> awaitServiceTasks(String cluster, String service, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      List<String> arns = ecs.listTasks(r -> r.cluster(cluster).serviceName(service)
          .desiredStatus(DesiredStatus.RUNNING)).taskArns();
      if (arns.size() >= count) {
        return ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
      }
      assertThat(System.nanoTime()).as("the scheduler started %d tasks of service %s within 30 s", count, service)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
