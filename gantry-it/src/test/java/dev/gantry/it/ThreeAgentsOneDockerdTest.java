package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.testkit.AgentProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Three agents standing for three hosts on one dockerd, each signing with its own agent key:
 * each runs and stops only the containers of its own container instance.
 */
class ThreeAgentsOneDockerdTest extends AgentTestBase {
  private static final Duration START = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  /** POST /v1/agent-keys with the root keys, as `gantry agent-key create` does. */
  private JsonNode mintAgentKey(String containerInstanceId) throws Exception {
    URI uri = URI.create(server.endpoint() + "/v1/agent-keys");
    byte[] body = JSON.writeValueAsBytes(Map.of("cluster", cluster, "containerInstanceId", containerInstanceId));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    new SigV4Signer(accessKeyId, secretAccessKey, REGION)
        .sign("POST", uri, Map.of("Content-Type", "application/json"), body, Instant.now()).forEach(request::header);
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.statusCode()).as("POST /v1/agent-keys: " + response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }
  }

  private Map<String, String> agentWithOwnKey(int i) throws Exception {
    JsonNode key = mintAgentKey(HOSTS.get(i));
    Map<String, String> env = agentEnvironment(key.path("containerInstanceId").asText(), ZONES.get(i));
    env.put("GANTRY_ACCESS_KEY_ID", key.path("accessKeyId").asText());
    env.put("GANTRY_SECRET_ACCESS_KEY", key.path("secretAccessKey").asText());
    env.put("ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached");
    return env;
  }

  private static String dockerStartedAt(String id) {
    return DockerCli.inspect(id).path("State").path("StartedAt").asText();
  }

  @Test
  void threeAgentsOnOneDockerdEachRunAndStopOnlyTheirOwnContainers() throws Exception {
    List<Map<String, String>> environments = new ArrayList<>();
    for (int i = 0; i < HOSTS.size(); i++) {
      environments.add(agentWithOwnKey(i));
    }
    List<CompletableFuture<AgentProcess>> starting = environments.stream()
        .map(env -> CompletableFuture.supplyAsync(() -> {
          try {
            return startAgent(env);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })).toList();
    List<String> instances = new ArrayList<>();
    for (CompletableFuture<AgentProcess> agent : starting) {
      instances.add(agent.join().containerInstanceArn());
    }
    assertThat(instances).doesNotHaveDuplicates();
    List<ContainerInstance> described = ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(instances))
        .containerInstances();
    for (int i = 0; i < HOSTS.size(); i++) {
      assertThat(described.get(i).containerInstanceArn()).isEqualTo(instances.get(i));
      assertThat(described.get(i).ec2InstanceId()).as("GANTRY_INSTANCE_ID").isEqualTo(HOSTS.get(i));
      assertThat(described.get(i).attributes()).contains(
          Attribute.builder().name("ecs.availability-zone").value(ZONES.get(i)).build());
    }

    // sleep as PID 1 ignores SIGTERM: a short stopTimeout keeps the stop below from waiting 30 s for SIGKILL.
    String definition = ecs.registerTaskDefinition(r -> r.family("per-host").containerDefinitions(
        ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest").memory(32)
            .command("sleep", "600").stopTimeout(2).build())).taskDefinition().taskDefinitionArn();
    Map<String, String> taskOfInstance = new LinkedHashMap<>();
    for (String instance : instances) {
      StartTaskResponse started = ecs.startTask(r -> r.cluster(cluster).taskDefinition(definition)
          .containerInstances(instance));
      assertThat(started.failures()).as("StartTask failures").isEmpty();
      Task task = started.tasks().get(0);
      assertThat(task.containerInstanceArn()).isEqualTo(instance);
      taskOfInstance.put(instance, track(task));
    }
    Map<String, String> dockerIdOfInstance = new LinkedHashMap<>();
    taskOfInstance.forEach((instance, task) -> dockerIdOfInstance.put(instance,
        awaitTask(task, "RUNNING", START, AgentTestBase::running).containers().get(0).runtimeId()));

    for (String instance : instances) {
      String id = dockerIdOfInstance.get(instance);
      assertThat(DockerCli.idsWithLabel(DockerCli.INSTANCE_LABEL, instance)).as("containers labelled " + instance)
          .containsExactly(id);
      assertThat(DockerCli.inspect(id).path("Config").path("Labels").path(DockerCli.TASK_ARN_LABEL).asText())
          .isEqualTo(taskOfInstance.get(instance));
      assertThat(ecs.listTasks(r -> r.cluster(cluster).containerInstance(instance)).taskArns())
          .containsExactly(taskOfInstance.get(instance));
    }
    Map<String, String> startedAt = new LinkedHashMap<>();
    dockerIdOfInstance.forEach((instance, id) -> startedAt.put(instance, dockerStartedAt(id)));

    String stoppedInstance = instances.get(0);
    ecs.stopTask(r -> r.cluster(cluster).task(taskOfInstance.get(stoppedInstance)).reason("only host-a's task"));
    awaitTask(taskOfInstance.get(stoppedInstance), "STOPPED", START, AgentTestBase::stopped);

    assertThat(DockerCli.inspect(dockerIdOfInstance.get(stoppedInstance)).path("State").path("Running").asBoolean())
        .isFalse();
    for (String other : instances.subList(1, instances.size())) {
      JsonNode state = DockerCli.inspect(dockerIdOfInstance.get(other)).path("State");
      assertThat(state.path("Running").asBoolean()).as("container of " + other).isTrue();
      assertThat(state.path("StartedAt").asText()).isEqualTo(startedAt.get(other));
      assertThat(describe(taskOfInstance.get(other)).lastStatus()).isEqualTo("RUNNING");
    }
  }
}
