package dev.gantry.agent.engine;

import static dev.gantry.agent.engine.TaskEngineDockerTest.busybox;
import static dev.gantry.agent.engine.TaskEngineDockerTest.desired;
import static dev.gantry.agent.engine.TaskEngineDockerTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.config.PortRange;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.create.ContainerLabels;
import dev.gantry.agent.docker.create.CreateHost;
import dev.gantry.agent.engine.TaskStateReporter.ContainerReport;
import dev.gantry.agent.engine.TaskStateReporter.TaskReport;
import dev.gantry.agent.metadata.AgentStatus;
import dev.gantry.agent.metadata.BridgeGateway;
import dev.gantry.agent.metadata.EndpointView;
import dev.gantry.agent.metadata.MetadataEndpoint;
import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.TaskDefinition;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task engine with the metadata endpoint, on the real dockerd: a task's container reads its
 * task's document through the ECS_CONTAINER_METADATA_URI_V4 the engine injected, over the docker0
 * bridge, and a restarted engine serves adopted containers under the ids they were given.
 */
class TaskEngineMetadataDockerTest {
  private static final Path SOCKET = Path.of("/var/run/docker.sock");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEPARATOR = "==== container ====";
  private static final List<String> SERVE = List.of("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done");

  private static DockerEngineClient docker;
  private static DockerContainerRuntime runtime;

  private String instanceArn;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void dockerAnswers() {
    assumeTrue(!"1".equals(System.getenv("GANTRY_SKIP_DOCKER")) && Files.exists(SOCKET),
        "no Docker daemon at " + SOCKET + " (scripts/test starts one)");
    docker = DockerEngineClient.connect("unix://" + SOCKET);
    runtime = new DockerContainerRuntime(docker);
    assumeTrue(runtime.imageExists("gantry-test/busybox:latest"),
        "test image missing (scripts/test builds it from docker/test-images)");
  }

  @AfterAll
  static void closeDocker() {
    if (docker != null) {
      docker.close();
    }
  }

  @BeforeEach
  void newInstance() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    instanceArn = "arn:aws:ecs:us-east-1:000000000000:container-instance/metadatatest/" + HexFormat.of().formatHex(b);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    for (var v : runtime.list(ContainerLabels.CONTAINER_INSTANCE_ARN, instanceArn)) {
      runtime.remove(v.id());
    }
  }

  private TaskEngine engine(RecordingReporter reporter, EngineMetadata metadata) {
    EngineSettings settings = new EngineSettings("metadatatest", instanceArn, new CreateHost.Linux(),
        ImagePullBehavior.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofHours(1),
        new PortRange(42000, 42999), List.of(), List.of(), Duration.ofMillis(200), EngineSettings.DEFAULT_REOBSERVE_INTERVAL);
    TaskEngine engine = new TaskEngine(runtime, reporter, settings, Clock.systemUTC(), ThreadLocalRandom.current(),
        Optional.of(metadata));
    closing.add(engine);
    engine.start();
    return engine;
  }

  @Test
  void aTaskContainerReadsItsTaskThroughTheInjectedUri() throws Exception {
    InetAddress gateway = BridgeGateway.of(docker)
        .orElseThrow(() -> new AssertionError("Docker's bridge network has no IPv4 gateway"));
    TaskMetadataBook book = new TaskMetadataBook();
    MetadataEndpoint endpoint = MetadataEndpoint.start(gateway, 0, book);
    closing.add(endpoint);
    RecordingReporter reporter = new RecordingReporter();
    TaskEngine engine = engine(reporter, EngineMetadata.of(book, endpoint, "local-1a"));
    String script = "wget -q -O - \"$" + MetadataEndpoint.URI_VARIABLE + "/task\" && echo && echo '" + SEPARATOR
        + "' && wget -q -O - \"$" + MetadataEndpoint.URI_VARIABLE + "\"";
    TaskDefinition td = task(
        busybox("side").essential(false).command(SERVE).build(),
        busybox("probe").command(List.of("sh", "-c", script)).dependsOn(List.of(ContainerDependency.builder()
            .containerName("side").condition(ContainerCondition.START).build())).build());
    DesiredTask d = desired(td);

    engine.apply(List.of(d));
    TaskReport stopped = reporter.awaitTask(d.taskArn(), r -> r.status().equals("STOPPED"), WAIT);

    ContainerReport probe = container(stopped, "probe");
    String[] documents = stdout(probe.runtimeId().orElseThrow()).split(SEPARATOR);
    assertThat(probe.exitCode()).as("wget's exit").hasValue(0);
    assertThat(documents).hasSize(2);
    JsonNode taskSeen = JSON.readTree(documents[0]);
    assertThat(taskSeen.path("TaskARN").asText()).isEqualTo(d.taskArn());
    assertThat(taskSeen.path("Cluster").asText()).isEqualTo("metadatatest");
    assertThat(taskSeen.path("Family").asText()).isEqualTo("enginetest");
    assertThat(taskSeen.path("Revision").asText()).isEqualTo("1");
    assertThat(taskSeen.path("DesiredStatus").asText()).isEqualTo("RUNNING");
    assertThat(taskSeen.path("AvailabilityZone").asText()).isEqualTo("local-1a");
    assertThat(taskSeen.path("Containers").findValuesAsText("Name")).containsExactly("side", "probe");
    assertThat(taskSeen.path("Containers").get(0).path("DockerId").asText())
        .isEqualTo(container(stopped, "side").runtimeId().orElseThrow());
    JsonNode self = JSON.readTree(documents[1]);
    assertThat(self.path("Name").asText()).isEqualTo("probe");
    assertThat(self.path("DockerId").asText()).isEqualTo(probe.runtimeId().orElseThrow());
    assertThat(self.path("KnownStatus").asText()).isEqualTo("RUNNING");
    assertThat(self.path("Limits").path("Memory").asInt()).isEqualTo(64);
    assertThat(self.path("Labels").path(ContainerLabels.TASK_ARN).asText()).isEqualTo(d.taskArn());
    assertThat(self.path("ImageID").asText()).startsWith("sha256:");
    assertThat(self.path("Networks").get(0).path("NetworkMode").asText()).isEqualTo("bridge");
    assertThat(self.path("Networks").get(0).path("IPv4Addresses").get(0).asText()).matches("\\d+(\\.\\d+){3}");
  }

  @Test
  void aRestartedEngineServesAnAdoptedContainerUnderTheIdItWasGiven() throws Exception {
    TaskMetadataBook first = new TaskMetadataBook();
    RecordingReporter reporter = new RecordingReporter();
    TaskEngine engine = engine(reporter, metadata(first));
    DesiredTask d = desired(task(busybox("app").command(SERVE).build()));
    engine.apply(List.of(d));
    String id = container(reporter.awaitTask(d.taskArn(), r -> r.status().equals("RUNNING"), WAIT), "app")
        .runtimeId().orElseThrow();
    JsonNode inspected = docker.getJson("/containers/" + id + "/json");
    String endpointId = inspected.path("Config").path("Labels").path(ContainerLabels.METADATA_ENDPOINT_ID).asText();
    assertThat(endpointId).matches("[0-9a-f]{32}");
    assertThat(JSON.convertValue(inspected.path("Config").path("Env"), String[].class))
        .contains(MetadataEndpoint.URI_VARIABLE + "=http://127.0.0.1:51679/v4/" + endpointId);
    assertThat(first.viewOf(endpointId)).map(EndpointView::containerName).contains("app");
    engine.close();

    TaskMetadataBook second = new TaskMetadataBook();
    RecordingReporter again = new RecordingReporter();
    engine(again, metadata(second)).apply(List.of(new DesiredTask(d.task().toBuilder().lastStatus("RUNNING").build(),
        d.taskDefinition())));
    again.awaitTask(d.taskArn(), r -> r.status().equals("RUNNING"), WAIT);

    EndpointView view = second.viewOf(endpointId).orElseThrow();
    assertThat(view.containerName()).isEqualTo("app");
    assertThat(view.container().dockerId()).isEqualTo(id);
    assertThat(view.task().knownStatus()).isEqualTo(AgentStatus.RUNNING);
    assertThat(second.viewOf(MetadataEndpoint.newEndpointId(new SecureRandom()))).isEmpty();
  }

  /** Metadata without a listening endpoint: the book is asked directly. */
  private static EngineMetadata metadata(TaskMetadataBook book) {
    return new EngineMetadata(book, id -> URI.create("http://127.0.0.1:51679/v4/" + id), "local-1a",
        new SecureRandom());
  }

  private static ContainerReport container(TaskReport r, String name) {
    return r.containers().stream().filter(c -> c.containerName().equals(name)).findFirst().orElseThrow();
  }

  private static String stdout(String containerId) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    docker.api().logContainerCmd(containerId).withStdOut(true).withStdErr(true)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            if (frame.getStreamType() != StreamType.STDERR) {
              out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        })
        .awaitCompletion(30, TimeUnit.SECONDS);
    return out.toString();
  }
}
