package dev.gantry.agent.engine;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.TaskDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link TaskReconciler} decides from: what is desired of the task, what the engine
 * knows of its containers, and whether (and why) it is already stopping.
 *
 * @param desiredStopped the server wants the task STOPPED (StopTask, or the task left the set)
 * @param userStopReason the server's stoppedReason for a user's stop, when it gave one
 * @param wasRunning the task has reached RUNNING (decides TaskFailedToStart vs EssentialContainerExited)
 * @param defaultStartTimeout ECS_CONTAINER_START_TIMEOUT, for dependencies without startTimeout
 */
public record TaskSnapshot(TaskDefinition definition, boolean desiredStopped, Optional<String> userStopReason,
    Map<String, ContainerState> containers, Optional<TaskStopCause> stopping, boolean wasRunning,
    Duration defaultStartTimeout) {

  public TaskSnapshot {
    Objects.requireNonNull(definition, "definition");
    containers = Map.copyOf(containers);
    Objects.requireNonNull(userStopReason, "userStopReason");
    Objects.requireNonNull(stopping, "stopping");
    Objects.requireNonNull(defaultStartTimeout, "defaultStartTimeout");
  }

  public List<ContainerDefinition> definitions() {
    return definition.containerDefinitions() == null ? List.of() : definition.containerDefinitions();
  }

  public ContainerState state(String name) {
    ContainerState s = containers.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no state for container " + name);
    }
    return s;
  }

  public Optional<ContainerDefinition> definition(String name) {
    return definitions().stream().filter(d -> name.equals(d.name())).findFirst();
  }

  /** ECS: a container is essential unless it says {@code essential: false}. */
  public static boolean essential(ContainerDefinition d) {
    return !Boolean.FALSE.equals(d.essential());
  }
}
