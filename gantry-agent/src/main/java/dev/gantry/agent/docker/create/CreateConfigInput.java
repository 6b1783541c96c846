package dev.gantry.agent.docker.create;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.TaskDefinition;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one container's create config is made from, gathered by the task engine: the task
 * definition and container as registered, the task's override for this container, the task's
 * identity (for the labels), and what the agent has already decided or looked up on this host.
 *
 * @param hostPorts host ports the agent allocated for mappings whose hostPort is 0 or absent,
 *     keyed by Docker's port name ({@code 8080/tcp})
 * @param volumes the task's volumes by name, resolved to this host
 * @param containerNames Docker names of the task's other containers by ECS container name, for
 *     {@code links} and {@code volumesFrom}
 * @param agentEnvironment variables the agent injects (e.g. {@code ECS_CONTAINER_METADATA_URI_V4});
 *     they win over the task definition's and the override's
 * @param networkContainer the Docker name of the container holding the task's network namespace,
 *     for {@code awsvpc}
 * @param imageOsVersion the image's {@code OsVersion} from {@code docker image inspect}; needed on
 *     Windows to check the build before creating
 * @param defaultStopTimeout {@code ECS_CONTAINER_STOP_TIMEOUT}, for containers without stopTimeout
 */
public record CreateConfigInput(
    TaskDefinition taskDefinition,
    ContainerDefinition container,
    Optional<ContainerOverride> override,
    String taskArn,
    String cluster,
    String containerInstanceArn,
    Map<String, Integer> hostPorts,
    Map<String, VolumeSource> volumes,
    Map<String, String> containerNames,
    Map<String, String> agentEnvironment,
    Optional<String> networkContainer,
    Optional<String> imageOsVersion,
    Duration defaultStopTimeout) {

  /** ECS's default {@code ECS_CONTAINER_STOP_TIMEOUT}. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  public CreateConfigInput {
    Objects.requireNonNull(taskDefinition, "taskDefinition");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(taskArn, "taskArn");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
    hostPorts = Map.copyOf(hostPorts);
    volumes = Map.copyOf(volumes);
    containerNames = Map.copyOf(containerNames);
    agentEnvironment = Map.copyOf(agentEnvironment);
    Objects.requireNonNull(override, "override");
    Objects.requireNonNull(networkContainer, "networkContainer");
    Objects.requireNonNull(imageOsVersion, "imageOsVersion");
    Objects.requireNonNull(defaultStopTimeout, "defaultStopTimeout");
  }

  /** An input with nothing allocated, resolved or injected yet, and ECS's default stop timeout. */
  public static CreateConfigInput of(TaskDefinition taskDefinition, ContainerDefinition container, String taskArn,
      String cluster, String containerInstanceArn) {
    return new CreateConfigInput(taskDefinition, container, Optional.empty(), taskArn, cluster,
        containerInstanceArn, Map.of(), Map.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(),
        DEFAULT_STOP_TIMEOUT);
  }

  public CreateConfigInput withOverride(ContainerOverride value) {
    return new CreateConfigInput(taskDefinition, container, Optional.of(value), taskArn, cluster,
        containerInstanceArn, hostPorts, volumes, containerNames, agentEnvironment, networkContainer,
        imageOsVersion, defaultStopTimeout);
  }

  public CreateConfigInput withHostPorts(Map<String, Integer> value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        value, volumes, containerNames, agentEnvironment, networkContainer, imageOsVersion, defaultStopTimeout);
  }

  public CreateConfigInput withVolumes(Map<String, VolumeSource> value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        hostPorts, value, containerNames, agentEnvironment, networkContainer, imageOsVersion, defaultStopTimeout);
  }

  public CreateConfigInput withContainerNames(Map<String, String> value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        hostPorts, volumes, value, agentEnvironment, networkContainer, imageOsVersion, defaultStopTimeout);
  }

  public CreateConfigInput withAgentEnvironment(Map<String, String> value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        hostPorts, volumes, containerNames, value, networkContainer, imageOsVersion, defaultStopTimeout);
  }

  public CreateConfigInput withNetworkContainer(String value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        hostPorts, volumes, containerNames, agentEnvironment, Optional.of(value), imageOsVersion,
        defaultStopTimeout);
  }

  public CreateConfigInput withImageOsVersion(String value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        hostPorts, volumes, containerNames, agentEnvironment, networkContainer, Optional.of(value),
        defaultStopTimeout);
  }

  public CreateConfigInput withDefaultStopTimeout(Duration value) {
    return new CreateConfigInput(taskDefinition, container, override, taskArn, cluster, containerInstanceArn,
        hostPorts, volumes, containerNames, agentEnvironment, networkContainer, imageOsVersion, value);
  }
}
