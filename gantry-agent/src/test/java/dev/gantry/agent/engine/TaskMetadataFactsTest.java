package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.engine.ContainerRuntime.ContainerView;
import dev.gantry.agent.metadata.AgentStatus;
import dev.gantry.agent.metadata.ContainerMetadata;
import dev.gantry.agent.metadata.TaskMetadata;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TransportProtocol;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TaskMetadataFactsTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/c/0123";

  private static final TaskDefinition TD = TaskDefinition.builder().family("web").revision(4).cpu("1 vCPU")
      .memory("512").networkMode(NetworkMode.BRIDGE).containerDefinitions(List.of(
          ContainerDefinition.builder().name("app").image("demo:1").cpu(256).memory(128)
              .healthCheck(HealthCheck.builder().command(List.of("CMD", "true")).build()).build(),
          ContainerDefinition.builder().name("side").image("busybox").build()))
      .build();

  private static TaskMetadata metadata(String controlStatus, ContainerStatus app, ContainerStatus side,
      String group) {
    Map<String, ContainerState> states = new LinkedHashMap<>();
    ContainerState a = ContainerState.initial("app", T0).withRuntimeId("abc").advanced(app, T0)
        .withStartedAt(T0).withHealth(Optional.of(HealthStatus.HEALTHY))
        .withNetworkBindings(List.of(NetworkBinding.builder().bindIP("0.0.0.0").containerPort(8080).hostPort(41001)
            .protocol(TransportProtocol.TCP).build()));
    states.put("app", a);
    states.put("side", ContainerState.initial("side", T0).advanced(side, T0));
    ContainerView view = new ContainerView("abc", "ecs-web-4-app-1", "running", OptionalInt.empty(),
        Optional.of(T0), Optional.empty(), Optional.empty(), Optional.empty(), Map.of("k", "v"), List.of(),
        "sha256:feed", Optional.of(T0.minusSeconds(1)), Map.of("bridge", "172.17.0.5", "other", "10.0.0.2"));
    Task task = Task.builder().taskArn(TASK_ARN).desiredStatus("RUNNING").group(group).build();
    return new TaskMetadataFacts("c", "zone-a", new DesiredTask(task, TD), TD, controlStatus, states,
        Map.of("app", view), Map.of("app", "ecs-web-4-app-1"), Optional.of(T0), Optional.empty(), Optional.empty())
        .metadata();
  }

  @ParameterizedTest(name = "task {0} with containers {1}/{2} is {3} in the agent's words")
  @CsvSource({
      "PENDING, PULLED, NONE, NONE",
      "PENDING, CREATED, PULLED, PULLED",
      "PENDING, RUNNING, CREATED, CREATED",
      "PENDING, RUNNING, STOPPED, RUNNING",
      "RUNNING, RUNNING, CREATED, RUNNING",
      "STOPPED, STOPPED, STOPPED, STOPPED"})
  void theTaskIsKnownByItsLeastContainerUntilItRunsOrStops(String control, ContainerStatus app, ContainerStatus side,
      AgentStatus expected) {
    assertThat(metadata(control, app, side, null).knownStatus()).isEqualTo(expected);
  }

  @Test
  void aRunningContainerShowsDockersFactsItsPortsHealthAndBridgeAddress() {
    TaskMetadata t = metadata("RUNNING", ContainerStatus.RUNNING, ContainerStatus.RUNNING, "service:web");
    assertThat(t.serviceName()).contains("web");
    assertThat(t.cpuUnits()).isEqualTo(1024);
    assertThat(t.memoryMiB()).isEqualTo(512);
    assertThat(t.availabilityZone()).isEqualTo("zone-a");
    ContainerMetadata app = t.container("app").orElseThrow();
    assertThat(app.dockerId()).isEqualTo("abc");
    assertThat(app.dockerName()).isEqualTo("ecs-web-4-app-1");
    assertThat(app.imageId()).isEqualTo("sha256:feed");
    assertThat(app.labels()).containsEntry("k", "v");
    assertThat(app.createdAt()).contains(T0.minusSeconds(1));
    assertThat(app.cpuUnits()).isEqualTo(256);
    assertThat(app.memoryMiB()).isEqualTo(128);
    assertThat(app.ports()).containsExactly(new ContainerMetadata.Port(8080, TransportProtocol.TCP, 41001, "0.0.0.0"));
    assertThat(app.health()).map(ContainerMetadata.Health::status).contains(HealthStatus.HEALTHY);
    assertThat(app.networks()).containsExactly(
        new ContainerMetadata.Network(NetworkMode.BRIDGE, List.of("172.17.0.5"), List.of()));
    ContainerMetadata side = t.container("side").orElseThrow();
    assertThat(side.dockerId()).isEmpty();
    assertThat(side.health()).isEmpty();
    assertThat(side.networks()).isEmpty();
  }

  @Test
  void aGroupThatIsNoServiceGivesNoServiceName() {
    assertThat(metadata("RUNNING", ContainerStatus.RUNNING, ContainerStatus.RUNNING, "family:web").serviceName())
        .isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\" is {3} base units")
  @CsvSource({"256, vcpu, 1024, 256", "1 vCPU, vcpu, 1024, 1024", "0.5 vcpu, vcpu, 1024, 512", "2 GB, gb, 1024, 2048",
      "2 TB, gb, 1024, 0", "lots, vcpu, 1024, 0"})
  void taskAmountsAreReadInTheirBaseUnit(String text, String bigUnit, int per, long expected) {
    assertThat(TaskMetadataFacts.units(text, bigUnit, per)).isEqualTo(expected);
  }
}
