package dev.gantry.agent.metadata;

import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.TransportProtocol;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tasks and containers in the states the golden documents pin. */
final class Fixtures {
  static final String CLUSTER = "default";
  static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/default/0123456789abcdef0123456789abcdef";
  static final String WEB_DOCKER_ID = "3f1c9a7e5b2d4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e";

  private Fixtures() {}

  static Map<String, String> labels(String container) {
    // deliberately unsorted: the endpoint writes them sorted, as Go does
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("com.amazonaws.ecs.task-definition-version", "3");
    labels.put("com.amazonaws.ecs.task-arn", TASK_ARN);
    labels.put("com.amazonaws.ecs.container-name", container);
    labels.put("com.amazonaws.ecs.cluster", CLUSTER);
    labels.put("com.amazonaws.ecs.task-definition-family", "web");
    return labels;
  }

  /** Running, healthy, published on a host port, with a bind mount and json-file logs. */
  static ContainerMetadata web() {
    return ContainerMetadata.builder("web", "gantry-demo/web:1")
        .docker(WEB_DOCKER_ID, "ecs-web-3-web-e4c2a8b6d0f1a3c5e700")
        .imageId("sha256:82daf23903ea4b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c")
        .port(new ContainerMetadata.Port(8080, TransportProtocol.TCP, 32768, "0.0.0.0"))
        .labels(labels("web"))
        .desiredStatus(AgentStatus.RUNNING)
        .knownStatus(AgentStatus.RUNNING)
        .limits(256, 128)
        .createdAt(Instant.parse("2024-05-06T07:08:09.123456789Z"))
        .startedAt(Instant.parse("2024-05-06T07:08:09.500Z"))
        .health(new ContainerMetadata.Health(HealthStatus.HEALTHY,
            Optional.of(Instant.parse("2024-05-06T07:08:39Z")), 0, "ok"))
        .volume(new ContainerMetadata.Volume("", "/srv/data", "/data"))
        .log("json-file", Map.of("max-size", "10m", "max-file", "3"))
        .containerArn("arn:aws:ecs:us-east-1:000000000000:container/default/0123456789abcdef0123456789abcdef/"
            + "5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9")
        .network(new ContainerMetadata.Network(NetworkMode.BRIDGE, List.of("172.17.0.2"), List.of()))
        .build();
  }

  /** Exited with code 1 after a failed health check; no limits, no logging configured. */
  static ContainerMetadata stoppedSidecar() {
    return ContainerMetadata.builder("sidecar", "gantry-test/busybox:latest")
        .docker("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d",
            "ecs-web-3-sidecar-b8a6c4e2f0d1b3a5c700")
        .imageId("sha256:d3f28fab1c88a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2")
        .labels(labels("sidecar"))
        .desiredStatus(AgentStatus.STOPPED)
        .knownStatus(AgentStatus.STOPPED)
        .exitCode(1)
        .createdAt(Instant.parse("2024-05-06T07:08:09Z"))
        .startedAt(Instant.parse("2024-05-06T07:08:10.000001Z"))
        .finishedAt(Instant.parse("2024-05-06T07:09:10.25Z"))
        .health(new ContainerMetadata.Health(HealthStatus.UNHEALTHY,
            Optional.of(Instant.parse("2024-05-06T07:09:00Z")), 1, "wget: can't connect"))
        .containerArn("arn:aws:ecs:us-east-1:000000000000:container/default/0123456789abcdef0123456789abcdef/"
            + "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        .network(new ContainerMetadata.Network(NetworkMode.BRIDGE, List.of(), List.of()))
        .build();
  }

  /** Not created yet: Docker facts are still empty. */
  static ContainerMetadata pending() {
    return ContainerMetadata.builder("web", "gantry-demo/web:1")
        .desiredStatus(AgentStatus.RUNNING)
        .limits(0, 64)
        .build();
  }

  static TaskMetadata runningTask() {
    return TaskMetadata.builder(CLUSTER, TASK_ARN, "web", 3)
        .desiredStatus(AgentStatus.RUNNING)
        .knownStatus(AgentStatus.RUNNING)
        .limits(256, 512)
        .pullStartedAt(Instant.parse("2024-05-06T07:08:08.100Z"))
        .pullStoppedAt(Instant.parse("2024-05-06T07:08:08.900200300Z"))
        .availabilityZone("us-east-1a")
        .container(web())
        .container(stoppedSidecar())
        .build();
  }

  /** Just placed: no limits, no pulls, no containers known yet. */
  static TaskMetadata newTask() {
    return TaskMetadata.builder(CLUSTER, TASK_ARN, "web", 3)
        .desiredStatus(AgentStatus.RUNNING)
        .build();
  }

  /** Stopped, with whole-vCPU and below-a-thousandth CPU limits to pin Go's number form. */
  static TaskMetadata stoppedTask(int cpuUnits) {
    return TaskMetadata.builder(CLUSTER, TASK_ARN, "web", 3)
        .desiredStatus(AgentStatus.STOPPED)
        .knownStatus(AgentStatus.STOPPED)
        .limits(cpuUnits, 0)
        .executionStoppedAt(Instant.parse("2024-05-06T07:09:10.25Z"))
        .availabilityZone("us-east-1b")
        .serviceName("web-service")
        .container(stoppedSidecar())
        .build();
  }
}
