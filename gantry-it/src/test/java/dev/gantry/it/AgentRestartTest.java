package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testkit.AgentProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Task;

/** A SIGKILLed agent started again adopts its running containers instead of starting them again. */
class AgentRestartTest extends AgentTestBase {
  private static final Duration START = Duration.ofSeconds(60);

  private ContainerInstance instance(String arn) {
    return ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn)).containerInstances().get(0);
  }

  private String runSleeper(String family) {
    String definition = ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(
        ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest").memory(32)
            .command("sleep", "600").build())).taskDefinition().taskDefinitionArn();
    Task task = ecs.runTask(r -> r.cluster(cluster).taskDefinition(definition)).tasks().get(0);
    return track(task);
  }

  @Test
  void killingTheAgentAndStartingItAgainDoesNotRestartARunningContainer() throws Exception {
    Map<String, String> env = agentEnvironment("restart-host", "us-east-1b");
    env.put("ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached");
    AgentProcess first = startAgent(env);
    String instanceArn = first.containerInstanceArn();
    assertThat(instance(instanceArn).ec2InstanceId()).as("GANTRY_INSTANCE_ID").isEqualTo("restart-host");
    String taskArn = runSleeper("survives-agent-restart");
    String dockerId = awaitTask(taskArn, "RUNNING", START, AgentTestBase::running).containers().get(0).runtimeId();
    String startedAt = DockerCli.inspect(dockerId).path("State").path("StartedAt").asText();

    first.kill();
    await("agentConnected false after the liveness TTL", LIVENESS_TTL.multipliedBy(5), () -> instance(instanceArn),
        i -> !i.agentConnected());
    AgentProcess second = startAgent(env);
    assertThat(second.containerInstanceArn()).as("re-registration keeps the container instance").isEqualTo(instanceArn);
    await("agentConnected true again", LIVENESS_TTL.multipliedBy(5), () -> instance(instanceArn),
        ContainerInstance::agentConnected);
    // A task placed after the restart running proves the new agent has applied a whole desired set,
    // the old task included, at least once.
    String afterRestart = runSleeper("placed-after-agent-restart");
    awaitTask(afterRestart, "RUNNING", START, AgentTestBase::running);

    assertThat(DockerCli.idsWithLabel(DockerCli.TASK_ARN_LABEL, taskArn)).as("containers of the task")
        .containsExactly(dockerId);
    JsonNode state = DockerCli.inspect(dockerId).path("State");
    assertThat(state.path("Running").asBoolean()).isTrue();
    assertThat(state.path("StartedAt").asText()).as("State.StartedAt").isEqualTo(startedAt);
    assertThat(state.path("RestartCount").asInt()).isZero();
    Task task = describe(taskArn);
    assertThat(task.lastStatus()).isEqualTo("RUNNING");
    assertThat(task.containers().get(0).runtimeId()).isEqualTo(dockerId);
    assertThat(ecs.listTasks(r -> r.cluster(cluster).containerInstance(instanceArn)).taskArns()).contains(taskArn);
    assertThat(instance(instanceArn).runningTasksCount()).isEqualTo(2);
  }
}
