package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testkit.ServerProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * `gantry dev` as a newcomer runs it: one process, a server and the local agent, so that a task
 * run with the dev keys it printed really runs on this host's Docker.
 */
class DevModeTest {

  @Test
  void gantryDevRunsTasksOnItsLocalAgent() throws Exception {
    Assumptions.assumeTrue(DockerCli.unavailableReason().isEmpty(),
        () -> "gantry dev's agent needs Docker: " + DockerCli.unavailableReason().orElse(""));
    Path dataDir = Files.createTempDirectory("gantry-dev-it-");
    String taskArn = null;
    try (ServerProcess dev = ServerProcess.startDev(dataDir)) {
      Map<String, String> keys = ServerProcess.devCredentials(dataDir);
      try (ValidatingEcsClient client = ValidatingEcsClient.create(dev.endpoint(),
          keys.get("GANTRY_ROOT_ACCESS_KEY_ID"), keys.get("GANTRY_ROOT_SECRET_ACCESS_KEY"))) {
        EcsClient ecs = client.ecs();
        List<String> instances = AgentTestBase.await("the dev agent's container instance in cluster default",
            Duration.ofSeconds(60), () -> instancesOfDefault(ecs), list -> !list.isEmpty());
        assertThat(instances).hasSize(1);
        // The server lists the instance as soon as RegisterContainerInstance commits; the agent
        // prints its line only after the answer reaches it, so the line may come a moment later.
        String line = "Local agent: this host is container instance " + instances.getFirst();
        assertThat(AgentTestBase.await("the dev agent's line naming its instance", Duration.ofSeconds(30),
            dev::output, out -> out.contains(line))).contains(line);

        ecs.registerTaskDefinition(r -> r.family("dev-sleeper").containerDefinitions(c -> c.name("sleeper")
            .image("gantry-test/busybox:latest").memory(32).essential(true).stopTimeout(2)
            .command("sleep", "60")));
        Task started = ecs.runTask(r -> r.taskDefinition("dev-sleeper")).tasks().getFirst();
        taskArn = started.taskArn();
        assertThat(started.containerInstanceArn()).isEqualTo(instances.getFirst());
        String arn = taskArn;
        AgentTestBase.await("the task RUNNING", Duration.ofSeconds(60),
            () -> ecs.describeTasks(r -> r.tasks(arn)).tasks().getFirst(), AgentTestBase::running);
        assertThat(DockerCli.idsWithLabel("com.amazonaws.ecs.task-arn", taskArn)).hasSize(1);

        ecs.stopTask(r -> r.task(arn));
        Task stopped = AgentTestBase.await("the task STOPPED", Duration.ofSeconds(30),
            () -> ecs.describeTasks(r -> r.tasks(arn)).tasks().getFirst(), AgentTestBase::stopped);
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        client.assertNoProblems();
      }
    } finally {
      if (taskArn != null) {
        DockerCli.removeTaskContainers(taskArn);
      }
      TempDirs.delete(dataDir);
    }
  }

  /** The dev agent creates the default cluster as it registers, so at first there may be none. */
  private static List<String> instancesOfDefault(EcsClient ecs) {
    try {
      return ecs.listContainerInstances(r -> r.cluster("default")).containerInstanceArns();
    } catch (ClusterNotFoundException notYet) {
      return List.of();
    }
  }
}
