package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Resource;
import java.util.List;

/**
 * A container instance record after tasks were placed on it or changed status: remaining
 * resources, the pending and running task counters, and the version ECS bumps on every such
 * change. Pure.
 */
final class InstanceUsage {
  private InstanceUsage() {}

  /** {@code tasks} new tasks in {@code bucket}, leaving the instance with {@code remaining}. */
  static ContainerInstance placed(ContainerInstance instance, List<Resource> remaining, int tasks,
      TaskLifecycle.Bucket bucket) {
    ContainerInstance counted = moved(instance, TaskLifecycle.Bucket.NONE, bucket, tasks);
    return counted.toBuilder().remainingResources(remaining).version(next(instance.version())).build();
  }

  /** The instance after one of its tasks applied {@code effects}; {@code demand} is what that task holds. */
  static ContainerInstance afterTransition(ContainerInstance instance, List<TaskTransitions.TaskEffect> effects,
      TaskDemand demand) {
    ContainerInstance out = instance;
    for (TaskTransitions.TaskEffect effect : effects) {
      out = switch (effect) {
        case TaskTransitions.CountsMoved m -> moved(out, m.from(), m.to(), 1);
        case TaskTransitions.ResourcesReleased r -> out.toBuilder()
            .remainingResources(ResourceFit.release(Members.orEmpty(out.remainingResources()),
                Members.orEmpty(out.registeredResources()), demand))
            .build();
      };
    }
    return out.equals(instance) ? instance : out.toBuilder().version(next(instance.version())).build();
  }

  private static ContainerInstance moved(ContainerInstance instance, TaskLifecycle.Bucket from,
      TaskLifecycle.Bucket to, int n) {
    int pending = orZero(instance.pendingTasksCount());
    int running = orZero(instance.runningTasksCount());
    pending += (to == TaskLifecycle.Bucket.PENDING ? n : 0) - (from == TaskLifecycle.Bucket.PENDING ? n : 0);
    running += (to == TaskLifecycle.Bucket.RUNNING ? n : 0) - (from == TaskLifecycle.Bucket.RUNNING ? n : 0);
    return instance.toBuilder().pendingTasksCount(Math.max(0, pending)).runningTasksCount(Math.max(0, running)).build();
  }

  private static long next(Long version) {
    return (version == null ? 0 : version) + 1;
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }
}
