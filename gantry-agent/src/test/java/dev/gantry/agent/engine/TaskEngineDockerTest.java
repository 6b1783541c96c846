package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.channel.AgentJson;
import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.config.PortRange;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.create.ContainerLabels;
import dev.gantry.agent.docker.create.CreateHost;
import dev.gantry.agent.engine.TaskStateReporter.ContainerReport;
import dev.gantry.agent.engine.TaskStateReporter.TaskReport;
import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.KeyValuePair;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.model.TaskStopCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task engine against the real dockerd with a fake server side: a {@link RecordingReporter}
 * and desired task sets handed to {@link TaskEngine#apply} directly. Every test runs as its own
 * container instance, so its containers carry their own label and are removed afterwards.
 */
class TaskEngineDockerTest {
  private static final Path SOCKET = Path.of("/var/run/docker.sock");
  private static final String BUSYBOX = "gantry-test/busybox:latest";
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** A long-running container that exits at once on SIGTERM. */
  private static final List<String> SERVE = List.of("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done");

  private static DockerEngineClient docker;
  private static DockerContainerRuntime runtime;

  private String instanceArn;
  private RecordingReporter reporter;
  private final List<TaskEngine> engines = new ArrayList<>();

  @BeforeAll
  static void dockerAnswers() {
    assumeTrue(Files.exists(SOCKET), "no Docker daemon at " + SOCKET + " (scripts/test starts one)");
    docker = DockerEngineClient.connect("unix://" + SOCKET);
    runtime = new DockerContainerRuntime(docker);
    assumeTrue(runtime.imageExists(BUSYBOX) && runtime.imageExists("gantry-demo/web:1"),
        "test images missing (scripts/test builds them from docker/test-images)");
  }

  @AfterAll
  static void closeDocker() {
    if (docker != null) {
      docker.close();
    }
  }

  @BeforeEach
  void newInstance() {
    instanceArn = "arn:aws:ecs:us-east-1:000000000000:container-instance/enginetest/" + hex();
    reporter = new RecordingReporter();
  }

  @AfterEach
  void removeContainers() {
    engines.forEach(TaskEngine::close);
    for (var v : runtime.list(ContainerLabels.CONTAINER_INSTANCE_ARN, instanceArn)) {
      runtime.remove(v.id());
    }
  }

  private EngineSettings settings(Duration cleanupWait) {
    return new EngineSettings("enginetest", instanceArn, new CreateHost.Linux(), ImagePullBehavior.DEFAULT,
        Duration.ofSeconds(30), Duration.ofMinutes(3), cleanupWait, new PortRange(41000, 41999), List.of(),
        List.of(), Duration.ofMillis(200), EngineSettings.DEFAULT_REOBSERVE_INTERVAL);
  }

  private TaskEngine engine(RecordingReporter to, Duration cleanupWait) {
    TaskEngine engine = new TaskEngine(runtime, to, settings(cleanupWait), Clock.systemUTC(),
        ThreadLocalRandom.current());
    engines.add(engine);
    engine.start();
    return engine;
  }

  private TaskEngine engine() {
    return engine(reporter, Duration.ofHours(1));
  }

  private static String hex() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static DesiredTask desired(TaskDefinition td) {
    Task task = Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/enginetest/" + hex())
        .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/" + td.family() + ":1")
        .desiredStatus("RUNNING").lastStatus("PENDING").build();
    return new DesiredTask(task, td);
  }

  static TaskDefinition task(ContainerDefinition... containers) {
    return TaskDefinition.builder().family("enginetest").revision(1).containerDefinitions(List.of(containers)).build();
  }

  static ContainerDefinition.Builder busybox(String name) {
    return ContainerDefinition.builder().name(name).image(BUSYBOX).memory(64).stopTimeout(2);
  }

  private static DesiredTask stopped(DesiredTask d, String reason) {
    return new DesiredTask(d.task().toBuilder().desiredStatus("STOPPED").stoppedReason(reason).build(),
        d.taskDefinition());
  }

  private TaskReport await(DesiredTask d, String status) throws InterruptedException {
    return reporter.awaitTask(d.taskArn(), r -> r.status().equals(status), WAIT);
  }

  private static JsonNode inspect(String id) {
    return docker.getJson("/containers/" + id + "/json");
  }

  private static ContainerReport container(TaskReport r, String name) {
    return r.containers().stream().filter(c -> c.containerName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void linuxImageHasNoOsVersion() {
    assertThat(runtime.imageOsVersion(BUSYBOX)).isEmpty();
  }

  @Test
  void osVersionOfAMissingImageIsAFailureNamingIt() {
    String missing = "gantry-test/no-such-image:" + hex();
    assertThatThrownBy(() -> runtime.imageOsVersion(missing))
        .isInstanceOfSatisfying(ContainerRuntime.RuntimeFailure.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessageStartingWith("inspect image " + missing + ": ");
  }

  @Test
  void aBusyboxTaskReachesRunningWithItsLimitsEnvironmentAndLabels() throws Exception {
    TaskDefinition td = task(busybox("app").command(SERVE).cpu(256).memory(96).essential(true)
        .environment(List.of(KeyValuePair.builder().name("FOO").value("bar").build())).build());
    DesiredTask d = desired(td);
    d = new DesiredTask(d.task().toBuilder().overrides(TaskOverride.builder().containerOverrides(List.of(
        ContainerOverride.builder().name("app").environment(List.of(
            KeyValuePair.builder().name("EXTRA").value("1").build())).build())).build()).build(), td);
    engine().apply(List.of(d));

    TaskReport running = await(d, "RUNNING");
    String id = container(running, "app").runtimeId().orElseThrow();
    JsonNode c = inspect(id);
    assertThat(c.path("State").path("Running").asBoolean()).isTrue();
    assertThat(c.path("HostConfig").path("Memory").asLong()).isEqualTo(96L * 1024 * 1024);
    assertThat(c.path("HostConfig").path("CpuShares").asInt()).isEqualTo(256);
    assertThat(AgentJson.mapper().convertValue(c.path("Config").path("Env"), String[].class))
        .contains("FOO=bar", "EXTRA=1");
    assertThat(c.path("Config").path("Labels").path(ContainerLabels.TASK_ARN).asText()).isEqualTo(d.taskArn());
    assertThat(c.path("Config").path("Labels").path(ContainerLabels.CONTAINER_INSTANCE_ARN).asText())
        .isEqualTo(instanceArn);
    assertThat(c.path("Name").asText()).matches("/ecs-enginetest-1-app-[0-9a-f]{16}");
    assertThat(running.pullStartedAt()).isPresent();
    assertThat(running.pullStoppedAt()).isPresent();
    assertThat(container(running, "app").status()).isEqualTo("RUNNING");
    // one call per change: the RUNNING report carries the container, and PENDING (the server's own) is not sent
    assertThat(reporter.containers(d.taskArn(), "app")).isEmpty();
    assertThat(reporter.tasks(d.taskArn())).extracting(TaskReport::status).doesNotContain("PENDING");
  }

  @Test
  void theWebExampleRunsHealthyAnswersHttpOnItsHostPortAndStopsWhenTheUserAsks() throws Exception {
    TaskDefinition td = AgentJson.decode(Files.readAllBytes(Path.of("../../shared/examples/web-linux.json")),
        TaskDefinition.class).toBuilder().revision(1).build();
    DesiredTask d = desired(td);
    TaskEngine engine = engine();
    engine.apply(List.of(d));

    TaskReport healthy = reporter.awaitTask(d.taskArn(), r -> r.health() == HealthStatus.HEALTHY, WAIT);
    assertThat(healthy.status()).isEqualTo("RUNNING");
    ContainerReport web = container(healthy, "web");
    assertThat(web.health()).contains(HealthStatus.HEALTHY);
    assertThat(web.networkBindings()).singleElement().satisfies(b -> {
      assertThat(b.bindIP()).isEqualTo("0.0.0.0");
      assertThat(b.containerPort()).isEqualTo(8080);
      assertThat(b.hostPort()).isBetween(41000, 41999);
    });
    int port = web.networkBindings().get(0).hostPort();
    HttpResponse<String> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.body().strip()).isEqualTo("hello from gantry");

    Instant stopAsked = Instant.now();
    engine.apply(List.of(stopped(d, "Scaling down")));
    TaskReport stopped = await(d, "STOPPED");
    assertThat(Duration.between(stopAsked, Instant.now())).isLessThan(Duration.ofSeconds(5 + 3));
    assertThat(stopped.stopCode()).contains(TaskStopCode.USERINITIATED);
    assertThat(stopped.reason()).contains("Scaling down");
    assertThat(stopped.executionStoppedAt()).isPresent();
    assertThat(container(stopped, "web").status()).isEqualTo("STOPPED");
  }

  @Test
  void aUserStopKillsAContainerThatIgnoresSigtermAfterItsStopTimeout() throws Exception {
    DesiredTask d = desired(task(busybox("app").command(List.of("sleep", "600")).build()));
    TaskEngine engine = engine();
    engine.apply(List.of(d));
    await(d, "RUNNING");

    Instant stopAsked = Instant.now();
    engine.apply(List.of(stopped(d, "Task stopped by user")));
    TaskReport stopped = await(d, "STOPPED");
    Duration took = Duration.between(stopAsked, Instant.now());
    assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2 + 3));
    assertThat(stopped.stopCode()).contains(TaskStopCode.USERINITIATED);
    assertThat(container(stopped, "app").exitCode()).hasValue(137);
  }

  @Test
  void anEssentialContainerThatExitsStopsTheTaskWithItsExitCodeAndIsCleanedUp() throws Exception {
    DesiredTask d = desired(task(busybox("app").command(List.of("sh", "-c", "exit 3")).build(),
        busybox("side").essential(false).command(SERVE).build()));
    engine(reporter, Duration.ofMillis(300)).apply(List.of(d));

    TaskReport stopped = await(d, "STOPPED");
    assertThat(stopped.stopCode()).contains(TaskStopCode.ESSENTIALCONTAINEREXITED);
    assertThat(stopped.reason()).contains("Essential container in task exited");
    assertThat(container(stopped, "app").exitCode()).hasValue(3);
    assertThat(container(stopped, "side").status()).isEqualTo("STOPPED");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!runtime.list(ContainerLabels.TASK_ARN, d.taskArn()).isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(runtime.list(ContainerLabels.TASK_ARN, d.taskArn())).as("containers after the cleanup wait").isEmpty();
  }

  @Test
  void aContainerThatDependsOnAnothersCompletionStartsAfterItExited() throws Exception {
    DesiredTask d = desired(task(busybox("init").essential(false).command(List.of("sh", "-c", "sleep 1")).build(),
        busybox("app").command(SERVE).dependsOn(List.of(ContainerDependency.builder().containerName("init")
            .condition(ContainerCondition.COMPLETE).build())).build()));
    engine().apply(List.of(d));

    TaskReport running = await(d, "RUNNING");
    JsonNode init = inspect(container(running, "init").runtimeId().orElseThrow());
    JsonNode app = inspect(container(running, "app").runtimeId().orElseThrow());
    assertThat(init.path("State").path("ExitCode").asInt()).isZero();
    Instant initFinished = Instant.parse(init.path("State").path("FinishedAt").asText());
    Instant appStarted = Instant.parse(app.path("State").path("StartedAt").asText());
    assertThat(appStarted).isAfterOrEqualTo(initFinished);
  }

  @Test
  void aRestartedEngineAdoptsTheRunningContainerWithoutRestartingIt() throws Exception {
    DesiredTask d = desired(task(busybox("app").command(SERVE).build()));
    TaskEngine first = engine();
    first.apply(List.of(d));
    String id = container(await(d, "RUNNING"), "app").runtimeId().orElseThrow();
    String startedAt = inspect(id).path("State").path("StartedAt").asText();
    first.close();

    String otherInstance = instanceArn;
    instanceArn = instanceArn + "-other";
    engine(new RecordingReporter(), Duration.ofHours(1)).apply(List.of());
    instanceArn = otherInstance;

    RecordingReporter second = new RecordingReporter();
    DesiredTask asServerHasIt = new DesiredTask(d.task().toBuilder().lastStatus("RUNNING").build(), d.taskDefinition());
    engine(second, Duration.ofHours(1)).apply(List.of(asServerHasIt));
    TaskReport again = second.awaitTask(d.taskArn(), r -> r.status().equals("RUNNING"), WAIT);

    assertThat(container(again, "app").runtimeId()).contains(id);
    assertThat(inspect(id).path("State").path("StartedAt").asText()).isEqualTo(startedAt);
    assertThat(runtime.list(ContainerLabels.TASK_ARN, d.taskArn())).hasSize(1);
  }

  @Test
  void aPullThatFailsWithoutACachedImageFailsTheTaskWithDockersReason() throws Exception {
    DesiredTask d = desired(task(busybox("app").image("gantry-test/absent:" + hex()).build()));
    engine().apply(List.of(d));

    TaskReport stopped = await(d, "STOPPED");
    assertThat(stopped.stopCode()).contains(TaskStopCode.TASKFAILEDTOSTART);
    assertThat(stopped.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("CannotPullContainerError: "));
  }
}
