package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/** One agent, real containers: what a task does from RunTask to STOPPED, checked in docker inspect. */
class TaskLifecycleTest extends AgentTestBase {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String BUSYBOX = "gantry-test/busybox:latest";

  @BeforeAll
  void startAgent() throws Exception {
    Map<String, String> env = agentEnvironment("lifecycle-host", "us-east-1a");
    env.put("ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached");
    startAgent(env);
  }

  private Task run(String taskDefinition, TaskOverride overrides) {
    RunTaskResponse response = ecs.runTask(r -> r.cluster(cluster).taskDefinition(taskDefinition).overrides(overrides));
    assertThat(response.failures()).as("RunTask failures").isEmpty();
    Task task = response.tasks().get(0);
    track(task);
    return task;
  }

  private String register(String family, ContainerDefinition... containers) {
    return ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(containers))
        .taskDefinition().taskDefinitionArn();
  }

  private String registerWebExample() {
    return ecs.registerTaskDefinition(Examples.registerRequest("web-linux.json")).taskDefinition().taskDefinitionArn();
  }

  private static Container container(Task task, String name) {
    return task.containers().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + task));
  }

  @Test
  void theWebExampleReachesRunningAndHealthyAndAnswersHttpOnItsReportedHostPort() throws Exception {
    String arn = run(registerWebExample(), null).taskArn();

    Task task = awaitTask(arn, "RUNNING and HEALTHY", START,
        t -> running(t) && "HEALTHY".equals(t.healthStatusAsString()));

    Container web = container(task, "web");
    assertThat(web.healthStatusAsString()).isEqualTo("HEALTHY");
    assertThat(web.networkBindings()).singleElement().satisfies(b -> assertThat(b.containerPort()).isEqualTo(8080));
    int hostPort = web.networkBindings().get(0).hostPort();
    assertThat(hostPort).isPositive();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("hello from gantry");
    }
  }

  @Test
  void stopTaskEndsTheWebExampleWithinItsStopTimeoutAsUserInitiated() {
    String arn = run(registerWebExample(), null).taskArn();
    Task runningTask = awaitTask(arn, "RUNNING", START, AgentTestBase::running);
    String dockerId = container(runningTask, "web").runtimeId();
    int stopTimeout = 5; // web-linux.json's stopTimeout

    Instant stopCalled = Instant.now();
    ecs.stopTask(r -> r.cluster(cluster).task(arn).reason("end-to-end test says stop"));
    Task task = awaitTask(arn, "STOPPED", Duration.ofSeconds(stopTimeout + 20), AgentTestBase::stopped);

    assertThat(task.stopCodeAsString()).isEqualTo("UserInitiated");
    assertThat(task.stoppedReason()).isEqualTo("end-to-end test says stop");
    assertThat(task.desiredStatus()).isEqualTo("STOPPED");
    assertThat(container(task, "web").lastStatus()).isEqualTo("STOPPED");
    JsonNode state = DockerCli.inspect(dockerId).path("State");
    assertThat(state.path("Running").asBoolean()).isFalse();
    Instant finished = Instant.parse(state.path("FinishedAt").asText());
    // The container is gone within stopTimeout of the call, plus the agent's poll and one Docker round trip.
    assertThat(Duration.between(stopCalled, finished)).isLessThan(Duration.ofSeconds(stopTimeout + 3));
    assertThat(task.stoppedAt()).isBefore(stopCalled.plusSeconds(stopTimeout + 5));
  }

  @Test
  void anEssentialContainerThatExitsStopsTheTaskWithEssentialContainerExitedAndItsExitCode() {
    String definition = register("exits-three", ContainerDefinition.builder().name("main").image(BUSYBOX).memory(32)
        .essential(true).command("sh", "-c", "exit 3").build());
    String arn = run(definition, null).taskArn();

    Task task = awaitTask(arn, "STOPPED", START, AgentTestBase::stopped);

    assertThat(task.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    assertThat(task.stoppedReason()).isNotBlank();
    Container main = container(task, "main");
    assertThat(main.lastStatus()).isEqualTo("STOPPED");
    assertThat(main.exitCode()).isEqualTo(3);
    assertThat(DockerCli.inspect(main.runtimeId()).path("State").path("ExitCode").asInt()).isEqualTo(3);
  }

  @Test
  void aContainerDependingOnCompleteStartsOnlyAfterItsInitContainerExitedZero() {
    String definition = register("depends-on", ContainerDefinition.builder().name("init").image(BUSYBOX).memory(32)
            .essential(false).command("sh", "-c", "sleep 1; exit 0").build(),
        ContainerDefinition.builder().name("app").image(BUSYBOX).memory(32).essential(true)
            .command("sleep", "300").dependsOn(d -> d.containerName("init").condition("COMPLETE")).build());
    String arn = run(definition, null).taskArn();

    Task task = awaitTask(arn, "RUNNING with init STOPPED", START,
        t -> running(t) && "STOPPED".equals(container(t, "init").lastStatus()));

    assertThat(container(task, "init").exitCode()).isZero();
    JsonNode init = DockerCli.inspect(container(task, "init").runtimeId()).path("State");
    JsonNode app = DockerCli.inspect(container(task, "app").runtimeId()).path("State");
    assertThat(init.path("ExitCode").asInt()).isZero();
    assertThat(app.path("Running").asBoolean()).isTrue();
    Instant initFinished = Instant.parse(init.path("FinishedAt").asText());
    Instant appStarted = Instant.parse(app.path("StartedAt").asText());
    assertThat(appStarted).as("app StartedAt vs init FinishedAt").isAfterOrEqualTo(initFinished);
  }

  @Test
  void memoryAndCpuLimitsAndEnvironmentIncludingAContainerOverrideReachDockerInspect() {
    String definition = register("limits", ContainerDefinition.builder().name("app").image(BUSYBOX).cpu(128).memory(64)
        .memoryReservation(32).command("sleep", "300")
        .environment(KeyValuePair.builder().name("FROM_DEFINITION").value("one").build()).build());
    TaskOverride overrides = TaskOverride.builder().containerOverrides(o -> o.name("app").memory(96)
        .environment(KeyValuePair.builder().name("FROM_OVERRIDE").value("two").build())).build();
    String arn = run(definition, overrides).taskArn();

    Task task = awaitTask(arn, "RUNNING", START, AgentTestBase::running);

    JsonNode inspect = DockerCli.inspect(container(task, "app").runtimeId());
    JsonNode host = inspect.path("HostConfig");
    assertThat(host.path("Memory").asLong()).as("HostConfig.Memory").isEqualTo(96L * 1024 * 1024);
    assertThat(host.path("MemoryReservation").asLong()).as("HostConfig.MemoryReservation").isEqualTo(32L * 1024 * 1024);
    assertThat(host.path("CpuShares").asLong()).as("HostConfig.CpuShares").isEqualTo(128);
    List<String> env = new ArrayList<>();
    inspect.path("Config").path("Env").forEach(e -> env.add(e.asText()));
    assertThat(env).contains("FROM_DEFINITION=one", "FROM_OVERRIDE=two");
    assertThat(task.overrides().containerOverrides()).singleElement()
        .satisfies(o -> assertThat(o.memory()).isEqualTo(96));
  }

}
