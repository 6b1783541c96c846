package dev.gantry.agent.metadata;

import java.util.Objects;

/**
 * One endpoint id's view: the whole task (for {@code /task}) and which of its containers asked
 * (for the container document).
 */
public record EndpointView(TaskMetadata task, String containerName) {
  public EndpointView {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(containerName, "containerName");
    if (task.container(containerName).isEmpty()) {
      throw new IllegalArgumentException("container " + containerName + " is not in task " + task.taskArn()
          + " (its containers: " + task.containers().stream().map(ContainerMetadata::name).toList() + ")");
    }
  }

  /** The container that asked. */
  public ContainerMetadata container() {
    return task.container(containerName).orElseThrow();
  }
}
