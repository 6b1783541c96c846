package dev.gantry.server.ops;

import dev.gantry.model.Container;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.Task;
import dev.gantry.model.TaskStopCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The task state machine as one pure function, {@code (task, event) -> (task, effects)}: no
 * I/O, no clock (the event carries the time). Handlers read the task, apply the event, and
 * commit the new task together with what the effects say about its container instance.
 *
 * <p>Rules, following ECS's task lifecycle: {@code lastStatus} only moves forward (a late or
 * repeated report changes nothing it already passed); timestamps are set once, when the task
 * first reaches the state they mark ({@code startedAt} at RUNNING, {@code stoppingAt} when
 * stopping begins, {@code stoppedAt} and {@code executionStoppedAt} at STOPPED). A task that
 * starts stopping on its own gets {@code desiredStatus} STOPPED and a stop code: it never ran
 * ({@code TaskFailedToStart}) or an essential container exited ({@code EssentialContainerExited}).
 * A user's stop sets {@code desiredStatus} STOPPED with {@code UserInitiated} and the reason
 * (and, as in ECS, deletes the task's tags);
 * a task that no agent has reported on yet has nothing running, so it is STOPPED at once.
 * Reaching STOPPED stops every container and releases the task's resources.
 */
final class TaskTransitions {
  static final String USER_STOP_REASON = "Task stopped by user";
  static final String ESSENTIAL_EXITED_REASON = "Essential container in task exited";
  static final String FAILED_TO_START_REASON = "Task failed to start";

  private TaskTransitions() {}

  /** Something that happens to a task. */
  sealed interface TaskEvent {}

  /** An agent's SubmitTaskStateChange: a task status and container reports, each part optional. */
  record AgentReport(Optional<String> status, Optional<String> reason, Optional<Instant> pullStartedAt,
      Optional<Instant> pullStoppedAt, Optional<Instant> executionStoppedAt, List<ContainerReport> containers,
      Instant now) implements TaskEvent {
    AgentReport {
      containers = List.copyOf(containers);
    }
  }

  /** One container's state as the agent reports it; {@code status} is already a container status (PENDING, RUNNING, STOPPED). */
  record ContainerReport(String name, Optional<String> status, Optional<String> runtimeId,
      Optional<String> imageDigest, Optional<Integer> exitCode, Optional<String> reason,
      Optional<List<NetworkBinding>> networkBindings) {}

  /** A container's health check result, as the agent observes it. */
  record HealthReport(String containerName, HealthStatus health, Instant now) implements TaskEvent {}

  /** StopTask. */
  record UserStop(String reason, Instant now) implements TaskEvent {}

  /**
   * The service scheduler stops a task of its service ({@code stopCode} ServiceSchedulerInitiated,
   * as ECS): like StopTask, except that the task keeps its tags.
   */
  record SchedulerStop(String reason, TaskStopCode stopCode, Instant now) implements TaskEvent {}

  /** What the change means outside the task record. */
  sealed interface TaskEffect {}

  /** The task moved between its instance's pending and running counters (or left them). */
  record CountsMoved(TaskLifecycle.Bucket from, TaskLifecycle.Bucket to) implements TaskEffect {}

  /** The task reached STOPPED: its CPU, memory and host ports go back to its instance. */
  record ResourcesReleased() implements TaskEffect {}

  /** The task after the event (same object when nothing changed) and the effects to commit with it. */
  record Transition(Task task, List<TaskEffect> effects) {
    boolean changed(Task before) {
      return !task.equals(before);
    }
  }

  static Transition apply(Task task, TaskEvent event) {
    Task next = switch (event) {
      case AgentReport r -> reported(task, r);
      case HealthReport h -> withHealth(task, h);
      case UserStop s -> stopped(task, TaskStopCode.USERINITIATED, s.reason(), s.now(), true);
      case SchedulerStop s -> stopped(task, s.stopCode(), s.reason(), s.now(), false);
    };
    if (next.equals(task)) {
      return new Transition(task, List.of());
    }
    next = next.toBuilder().version(orZero(task.version()) + 1).build();
    return new Transition(next, effects(task.lastStatus(), next.lastStatus()));
  }

  private static List<TaskEffect> effects(String before, String after) {
    List<TaskEffect> effects = new ArrayList<>();
    TaskLifecycle.Bucket from = TaskLifecycle.bucket(before);
    TaskLifecycle.Bucket to = TaskLifecycle.bucket(after);
    if (from != to) {
      effects.add(new CountsMoved(from, to));
    }
    if (!TaskLifecycle.STOPPED.equals(before) && TaskLifecycle.STOPPED.equals(after)) {
      effects.add(new ResourcesReleased());
    }
    return List.copyOf(effects);
  }

  private static Task reported(Task task, AgentReport r) {
    Task.Builder b = task.toBuilder()
        .containers(reportedContainers(task.containers(), r.containers()))
        .pullStartedAt(first(task.pullStartedAt(), r.pullStartedAt()))
        .pullStoppedAt(first(task.pullStoppedAt(), r.pullStoppedAt()));
    Task withContainers = b.build();
    if (r.status().isEmpty() || TaskLifecycle.rank(r.status().get()) <= TaskLifecycle.rank(task.lastStatus())) {
      return withContainers;
    }
    return advanced(withContainers, r.status().get(), r.reason(), r.executionStoppedAt(), r.now());
  }

  /** The task moved forward to {@code status}, with the timestamps and stop details that go with it. */
  private static Task advanced(Task task, String status, Optional<String> reason, Optional<Instant> executionStoppedAt,
      Instant now) {
    Task.Builder b = task.toBuilder().lastStatus(status);
    if (status.equals(TaskLifecycle.RUNNING) && task.startedAt() == null) {
      b.startedAt(now);
    }
    if (TaskLifecycle.isStopping(status)) {
      b.stoppingAt(task.stoppingAt() != null ? task.stoppingAt() : now);
      if (!"STOPPED".equals(task.desiredStatus())) {
        boolean neverRan = task.startedAt() == null && !status.equals(TaskLifecycle.RUNNING);
        TaskStopCode code = neverRan ? TaskStopCode.TASKFAILEDTOSTART : TaskStopCode.ESSENTIALCONTAINEREXITED;
        b.desiredStatus(TaskLifecycle.STOPPED)
            .stopCode(task.stopCode() != null ? task.stopCode() : code)
            .stoppedReason(task.stoppedReason() != null ? task.stoppedReason()
                : reason.orElse(neverRan ? FAILED_TO_START_REASON : ESSENTIAL_EXITED_REASON));
      }
    }
    if (status.equals(TaskLifecycle.STOPPED)) {
      b.stoppedAt(now)
          .executionStoppedAt(task.executionStoppedAt() != null ? task.executionStoppedAt()
              : executionStoppedAt.orElse(now))
          .containers(allStopped(task.containers()));
    }
    return b.build();
  }

  private static List<Container> reportedContainers(List<Container> containers, List<ContainerReport> reports) {
    if (reports.isEmpty()) {
      return containers;
    }
    List<Container> out = new ArrayList<>(Members.orEmpty(containers));
    for (ContainerReport report : reports) {
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).name().equals(report.name())) {
          out.set(i, reported(out.get(i), report));
        }
      }
    }
    return List.copyOf(out);
  }

  private static Container reported(Container c, ContainerReport r) {
    Container.Builder b = c.toBuilder();
    r.runtimeId().ifPresent(b::runtimeId);
    r.imageDigest().ifPresent(b::imageDigest);
    r.networkBindings().ifPresent(nb -> b.networkBindings(List.copyOf(nb)));
    boolean stopped = TaskLifecycle.STOPPED.equals(c.lastStatus());
    if (!stopped) {
      r.exitCode().ifPresent(b::exitCode);
      r.reason().ifPresent(b::reason);
    }
    r.status().filter(s -> TaskLifecycle.containerRank(s) > TaskLifecycle.containerRank(c.lastStatus()))
        .ifPresent(s -> {
          b.lastStatus(s);
          // A container that has just exited no longer has a health to show.
          if (s.equals(TaskLifecycle.STOPPED) && c.healthStatus() != null) {
            b.healthStatus(HealthStatus.UNKNOWN);
          }
        });
    return b.build();
  }

  private static List<Container> allStopped(List<Container> containers) {
    return Members.orEmpty(containers).stream()
        .map(c -> TaskLifecycle.STOPPED.equals(c.lastStatus()) ? c : c.toBuilder().lastStatus(TaskLifecycle.STOPPED)
            .healthStatus(c.healthStatus() == null ? null : HealthStatus.UNKNOWN).build())
        .toList();
  }

  private static Task withHealth(Task task, HealthReport h) {
    if (TaskLifecycle.STOPPED.equals(task.lastStatus())) {
      return task;
    }
    List<Container> containers = Members.orEmpty(task.containers()).stream()
        .map(c -> c.name().equals(h.containerName()) && !TaskLifecycle.STOPPED.equals(c.lastStatus())
            ? c.toBuilder().healthStatus(h.health()).build() : c)
        .toList();
    return task.toBuilder().containers(containers).healthStatus(taskHealth(containers)).build();
  }

  /** UNHEALTHY if any checked container is, HEALTHY when every checked container is, UNKNOWN otherwise. */
  static HealthStatus taskHealth(List<Container> containers) {
    List<HealthStatus> checked = containers.stream().map(Container::healthStatus).filter(s -> s != null).toList();
    if (checked.contains(HealthStatus.UNHEALTHY)) {
      return HealthStatus.UNHEALTHY;
    }
    return !checked.isEmpty() && checked.stream().allMatch(HealthStatus.HEALTHY::equals)
        ? HealthStatus.HEALTHY : HealthStatus.UNKNOWN;
  }

  private static Task stopped(Task task, TaskStopCode code, String reason, Instant now, boolean dropTags) {
    if (TaskLifecycle.STOPPED.equals(task.lastStatus()) || TaskLifecycle.STOPPED.equals(task.desiredStatus())) {
      return task;
    }
    Task.Builder b = task.toBuilder()
        .desiredStatus(TaskLifecycle.STOPPED)
        .stopCode(code)
        .stoppedReason(reason)
        .stoppingAt(task.stoppingAt() != null ? task.stoppingAt() : now);
    if (dropTags) {
      // ECS deletes a task's tags when a user stops it.
      b.tags(List.of());
    }
    Task stopping = b.build();
    return neverReported(task) ? advanced(stopping, TaskLifecycle.STOPPED, Optional.empty(), Optional.empty(), now)
        : stopping;
  }

  /**
   * No agent has said anything about the task yet: it is still in its first status and no
   * container has a runtime id or has moved. Nothing of it runs on the host.
   */
  static boolean neverReported(Task task) {
    boolean initial = TaskLifecycle.PROVISIONING.equals(task.lastStatus())
        || TaskLifecycle.PENDING.equals(task.lastStatus());
    return initial && task.pullStartedAt() == null && Members.orEmpty(task.containers()).stream()
        .allMatch(c -> c.runtimeId() == null && TaskLifecycle.PENDING.equals(c.lastStatus()));
  }

  private static <T> T first(T current, Optional<T> reported) {
    return current != null ? current : reported.orElse(null);
  }

  private static long orZero(Long n) {
    return n == null ? 0 : n;
  }
}
