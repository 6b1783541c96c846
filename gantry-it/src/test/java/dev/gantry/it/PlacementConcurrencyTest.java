package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/**
 * Placement under contention through the real SDK: 50 concurrent RunTask calls of 10 tasks each
 * against 30 instances with room for exactly 10 tasks apiece. Every call decides on a snapshot
 * and commits in one guarded transaction, so exactly 300 tasks are placed, every unplaced task
 * is reported with a RESOURCE reason, and no instance ends up overcommitted.
 */
class PlacementConcurrencyTest extends ApiTestBase {
  private static final String CLUSTER = "contended";
  private static final int INSTANCES = 30;
  private static final int CALLERS = 50;

  private int integer(List<Resource> resources, String name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().integerValue();
  }

  @Test
  void fiftyConcurrentRunTasksPlaceExactlyWhatTheClusterHolds() throws Exception {
    ecs.createCluster(r -> r.clusterName(CLUSTER));
    ecs.registerTaskDefinition(r -> r.family("tenth").containerDefinitions(c -> c.name("main")
        .image("gantry-test/busybox:latest").cpu(100).memory(100).command("sleep", "1")));
    List<String> hosts = IntStream.range(0, INSTANCES).mapToObj(i -> ecs.registerContainerInstance(r -> r
        .cluster(CLUSTER)
        .instanceIdentityDocument("{\"instanceId\":\"i-20000000000000" + String.format("%02d", i)
            + "\",\"availabilityZone\":\"us-east-1" + "abc".charAt(i % 3)
            + "\",\"instanceType\":\"m5.large\",\"region\":\"us-east-1\"}")
        .totalResources(Resources.cpuAndMemory(1000, 1000))
        .versionInfo(VersionInfo.builder().agentVersion("0.1.0").dockerVersion("27.0.1").build()))
        .containerInstance().containerInstanceArn()).toList();

    List<RunTaskResponse> responses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(CALLERS)) {
      List<Future<RunTaskResponse>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        futures.add(pool.submit(() -> ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition("tenth").count(10))));
      }
      for (Future<RunTaskResponse> f : futures) {
        responses.add(f.get());
      }
    }

    assertThat(responses.stream().mapToInt(r -> r.tasks().size()).sum()).isEqualTo(INSTANCES * 10);
    assertThat(responses).filteredOn(r -> r.tasks().size() < 10).isNotEmpty().allSatisfy(r ->
        assertThat(r.failures()).isNotEmpty().extracting(Failure::reason).allMatch(reason -> reason.startsWith("RESOURCE:")));
    assertThat(responses).filteredOn(r -> r.tasks().size() == 10).allSatisfy(r -> assertThat(r.failures()).isEmpty());
    assertThat(responses.stream().flatMap(r -> r.tasks().stream()).map(Task::taskArn)).doesNotHaveDuplicates();

    List<ContainerInstance> after = ecs.describeContainerInstances(r -> r.cluster(CLUSTER).containerInstances(hosts))
        .containerInstances();
    assertThat(after).hasSize(INSTANCES).allSatisfy(ci -> {
      assertThat(integer(ci.remainingResources(), "CPU")).isZero();
      assertThat(integer(ci.remainingResources(), "MEMORY")).isZero();
      assertThat(ci.runningTasksCount() + ci.pendingTasksCount()).isEqualTo(10);
    });
    assertThat(ecs.listTasksPaginator(r -> r.cluster(CLUSTER).maxResults(100)).taskArns()).hasSize(INSTANCES * 10);
  }
}
