package dev.gantry.agent.engine;

import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.TaskStopCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The task engine's decisions as one pure function: from a {@link TaskSnapshot} and the time,
 * whether the task is stopping (and why) and what to do to which container next.
 *
 * <p>Algorithm: first decide stopping: a desired STOPPED is the user's stop; an essential
 * container that stopped stops the task (EssentialContainerExited once the task ran, else
 * TaskFailedToStart with the container's reason). A stopping task stops its running
 * containers and abandons the ones that never started. Otherwise each container moves one
 * step along NONE -> PULLED -> CREATED -> RUNNING; the start waits for its dependsOn
 * conditions (START, COMPLETE, SUCCESS, HEALTHY), and a container whose dependency can no longer
 * be met, or is not met within the dependency's startTimeout (else ECS_CONTAINER_START_TIMEOUT)
 * from when the container was created, is abandoned with a reason naming both.
 */
public final class TaskReconciler {
  private TaskReconciler() {}

  /** What the engine does next: the stop cause (if stopping) and the actions, in order. */
  public record Step(Optional<TaskStopCause> stopping, List<TaskAction> actions) {
    public Step {
      actions = List.copyOf(actions);
    }
  }

  public static Step next(TaskSnapshot task, Instant now) {
    Optional<TaskStopCause> stopping = task.stopping().or(() -> stopCause(task));
    List<TaskAction> actions = new ArrayList<>();
    for (ContainerDefinition d : task.definitions()) {
      ContainerState s = task.state(d.name());
      if (stopping.isPresent()) {
        stopAction(s).ifPresent(actions::add);
      } else {
        advanceAction(task, d, s, now).ifPresent(actions::add);
      }
    }
    return new Step(stopping, actions);
  }

  static Optional<TaskStopCause> stopCause(TaskSnapshot task) {
    if (task.desiredStopped()) {
      return Optional.of(new TaskStopCause(TaskStopCode.USERINITIATED,
          task.userStopReason().orElse(TaskStopCause.USER_STOPPED)));
    }
    for (ContainerDefinition d : task.definitions()) {
      ContainerState s = task.state(d.name());
      if (TaskSnapshot.essential(d) && s.status() == ContainerStatus.STOPPED) {
        if (task.wasRunning()) {
          return Optional.of(new TaskStopCause(TaskStopCode.ESSENTIALCONTAINEREXITED, TaskStopCause.ESSENTIAL_EXITED));
        }
        return Optional.of(new TaskStopCause(TaskStopCode.TASKFAILEDTOSTART,
            s.reason().orElse(s.startedAt().isPresent() ? TaskStopCause.ESSENTIAL_EXITED
                : TaskStopCause.FAILED_TO_START)));
      }
    }
    return Optional.empty();
  }

  private static Optional<TaskAction> stopAction(ContainerState s) {
    return switch (s.status()) {
      case RUNNING -> Optional.of(new TaskAction.Stop(s.name()));
      case NONE, PULLED, CREATED -> Optional.of(new TaskAction.Abandon(s.name(), Optional.empty()));
      case STOPPED -> Optional.empty();
    };
  }

  private static Optional<TaskAction> advanceAction(TaskSnapshot task, ContainerDefinition d, ContainerState s,
      Instant now) {
    return switch (s.status()) {
      case NONE -> Optional.of(new TaskAction.Pull(d.name()));
      case PULLED -> Optional.of(new TaskAction.Create(d.name()));
      case CREATED -> startAction(task, d, s, now);
      case RUNNING, STOPPED -> Optional.empty();
    };
  }

  private static Optional<TaskAction> startAction(TaskSnapshot task, ContainerDefinition d, ContainerState s,
      Instant now) {
    List<ContainerDependency> deps = d.dependsOn() == null ? List.of() : d.dependsOn();
    for (ContainerDependency dep : deps) {
      Optional<ContainerState> target = Optional.ofNullable(task.containers().get(dep.containerName()));
      if (target.isEmpty()) {
        return abandon(d, "dependsOn names container '" + dep.containerName() + "', which is not in the task");
      }
      ContainerCondition condition = dep.condition() == null ? ContainerCondition.START : dep.condition();
      switch (condition(target.get(), condition)) {
        case MET -> {
          continue;
        }
        case NEVER -> {
          return abandon(d, "dependency " + dep.containerName() + " cannot reach " + condition + ": "
              + describe(target.get()));
        }
        case NOT_YET -> {
          Duration timeout = startTimeout(task, dep.containerName());
          if (!now.isBefore(s.since().plus(timeout))) {
            return abandon(d, "timed out after " + timeout.toSeconds() + "s waiting for dependency "
                + dep.containerName() + " to reach " + condition);
          }
          return Optional.empty();
        }
      }
    }
    return Optional.of(new TaskAction.Start(d.name()));
  }

  private static Optional<TaskAction> abandon(ContainerDefinition d, String why) {
    return Optional.of(new TaskAction.Abandon(d.name(), Optional.of("DependencyConditionUnresolvable: " + why)));
  }

  enum Met { MET, NOT_YET, NEVER }

  /** Whether {@code target} satisfies {@code condition} now, may later, or never will. */
  static Met condition(ContainerState target, ContainerCondition condition) {
    boolean stopped = target.status() == ContainerStatus.STOPPED;
    boolean ran = target.startedAt().isPresent();
    return switch (condition) {
      case START -> ran || target.status() == ContainerStatus.RUNNING ? Met.MET : stopped ? Met.NEVER : Met.NOT_YET;
      case COMPLETE -> stopped ? (ran ? Met.MET : Met.NEVER) : Met.NOT_YET;
      case SUCCESS -> stopped ? (ran && target.exitCode().isPresent() && target.exitCode().getAsInt() == 0
          ? Met.MET : Met.NEVER) : Met.NOT_YET;
      case HEALTHY -> target.health().filter(HealthStatus.HEALTHY::equals).isPresent() ? Met.MET
          : stopped ? Met.NEVER : Met.NOT_YET;
    };
  }

  private static Duration startTimeout(TaskSnapshot task, String dependency) {
    return task.definition(dependency).map(ContainerDefinition::startTimeout).filter(t -> t > 0)
        .map(t -> Duration.ofSeconds(t)).orElse(task.defaultStartTimeout());
  }

  private static String describe(ContainerState s) {
    if (s.startedAt().isEmpty()) {
      return "it never started" + s.reason().map(r -> " (" + r + ")").orElse("");
    }
    return "it exited" + (s.exitCode().isPresent() ? " with code " + s.exitCode().getAsInt() : "");
  }
}
