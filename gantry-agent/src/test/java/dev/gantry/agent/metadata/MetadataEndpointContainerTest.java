package dev.gantry.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.gantry.agent.docker.DockerEngineClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real container on the real dockerd reads the endpoint the way a task's code does: through
 * {@code $ECS_CONTAINER_METADATA_URI_V4}, over the docker0 bridge, with busybox's wget. Skipped
 * only when there is no Docker here (or GANTRY_SKIP_DOCKER=1); a missing test image fails,
 * since scripts/test builds it.
 */
class MetadataEndpointContainerTest {
  private static final Path SOCKET = Path.of("/var/run/docker.sock");
  private static final String IMAGE = "gantry-test/busybox:latest";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEPARATOR = "==== container ====";

  private static DockerEngineClient docker;

  @BeforeAll
  static void dockerIsHere() {
    assumeFalse("1".equals(System.getenv("GANTRY_SKIP_DOCKER")), "GANTRY_SKIP_DOCKER=1");
    assumeTrue(Files.exists(SOCKET), "no Docker daemon at " + SOCKET + " (scripts/test starts one)");
    docker = DockerEngineClient.connect("unix://" + SOCKET);
    try {
      docker.api().inspectImageCmd(IMAGE).exec();
    } catch (NotFoundException e) {
      fail(IMAGE + " is not built; scripts/test builds it from docker/test-images/busybox");
    }
  }

  @AfterAll
  static void disconnect() {
    if (docker != null) {
      docker.close();
    }
  }

  @Test
  void aTaskContainerReadsItsOwnAndItsTasksMetadataThroughTheInjectedUri() throws Exception {
    InetAddress gateway = BridgeGateway.of(docker)
        .orElseThrow(() -> new AssertionError("Docker's bridge network has no IPv4 gateway"));
    String endpointId = MetadataEndpoint.newEndpointId(new SecureRandom());
    TaskMetadata task = TaskMetadata.builder(Fixtures.CLUSTER, Fixtures.TASK_ARN, "web", 3)
        .desiredStatus(AgentStatus.RUNNING)
        .knownStatus(AgentStatus.RUNNING)
        .availabilityZone("local-1a")
        .container(ContainerMetadata.builder("probe", IMAGE).desiredStatus(AgentStatus.RUNNING)
            .knownStatus(AgentStatus.RUNNING).limits(128, 64).build())
        .build();
    EndpointView view = new EndpointView(task, "probe");

    try (MetadataEndpoint endpoint = MetadataEndpoint.start(gateway, 0,
        id -> id.equals(endpointId) ? Optional.of(view) : Optional.empty())) {
      String script = "wget -q -O - \"$" + MetadataEndpoint.URI_VARIABLE + "/task\" && echo && echo '" + SEPARATOR + "'"
          + " && wget -q -O - \"$" + MetadataEndpoint.URI_VARIABLE + "\"";
      String containerId = docker.api().createContainerCmd(IMAGE)
          .withName("gantry-metadata-check-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
          .withEnv(MetadataEndpoint.URI_VARIABLE + "=" + endpoint.uriFor(endpointId))
          .withCmd("sh", "-c", script)
          .exec().getId();
      try {
        docker.api().startContainerCmd(containerId).exec();
        int exit = docker.api().waitContainerCmd(containerId).exec(new WaitContainerResultCallback())
            .awaitStatusCode(60, TimeUnit.SECONDS);
        Logs logs = logs(containerId);
        assertThat(exit).as("wget's exit; stderr: %s", logs.stderr()).isZero();

        String[] documents = logs.stdout().split(SEPARATOR);
        assertThat(documents).hasSize(2);
        JsonNode taskSeen = JSON.readTree(documents[0]);
        JsonNode containerSeen = JSON.readTree(documents[1]);
        assertThat(taskSeen).isEqualTo(JSON.readTree(MetadataJson.bytes(MetadataJson.task(task))));
        assertThat(taskSeen.path("TaskARN").asText()).isEqualTo(Fixtures.TASK_ARN);
        assertThat(taskSeen.path("LaunchType").asText()).isEqualTo("EC2");
        assertThat(containerSeen.path("Name").asText()).isEqualTo("probe");
        assertThat(containerSeen.path("Limits").path("Memory").asInt()).isEqualTo(64);
      } finally {
        docker.api().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
      }
    }
  }

  private record Logs(String stdout, String stderr) {}

  private static Logs logs(String containerId) throws InterruptedException {
    StringBuilder stdout = new StringBuilder();
    StringBuilder stderr = new StringBuilder();
    docker.api().logContainerCmd(containerId).withStdOut(true).withStdErr(true)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
            (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).append(text);
          }
        })
        .awaitCompletion(30, TimeUnit.SECONDS);
    return new Logs(stdout.toString(), stderr.toString());
  }
}
