package dev.gantry.server.ops;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ECS's task and container statuses in lifecycle order, the one ordering that state changes
 * follow: a task's {@code lastStatus} only moves forward, so a late or repeated report never
 * takes a task back. The agent's finer container states (PULLED, CREATED) show as PENDING, as
 * in ECS, whose containers are PENDING, RUNNING or STOPPED.
 */
final class TaskLifecycle {
  static final List<String> TASK_STATUSES = List.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING",
      "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED");
  static final List<String> CONTAINER_STATUSES = List.of("PENDING", "RUNNING", "STOPPED");
  static final List<String> AGENT_CONTAINER_STATUSES = List.of("PENDING", "PULLED", "CREATED", "RUNNING", "STOPPED");

  static final String PROVISIONING = "PROVISIONING";
  static final String PENDING = "PENDING";
  static final String RUNNING = "RUNNING";
  static final String DEACTIVATING = "DEACTIVATING";
  static final String STOPPED = "STOPPED";

  /** Which of an instance's counters a task counts in. */
  enum Bucket { PENDING, RUNNING, NONE }

  private TaskLifecycle() {}

  static int rank(String taskStatus) {
    return TASK_STATUSES.indexOf(taskStatus);
  }

  static boolean isTaskStatus(String status) {
    return TASK_STATUSES.contains(status);
  }

  /** The status as a container shows it (PULLED and CREATED are PENDING), or empty for an unknown one. */
  static Optional<String> containerStatus(String agentStatus) {
    if (agentStatus == null) {
      return Optional.empty();
    }
    String s = agentStatus.toUpperCase(Locale.ROOT);
    if (!AGENT_CONTAINER_STATUSES.contains(s)) {
      return Optional.empty();
    }
    return Optional.of(s.equals("PULLED") || s.equals("CREATED") ? PENDING : s);
  }

  static int containerRank(String containerStatus) {
    return CONTAINER_STATUSES.indexOf(containerStatus);
  }

  /**
   * The counter a task in {@code lastStatus} counts in: pending until it runs, running while it
   * runs or is being stopped (it still holds its resources), none once STOPPED.
   */
  static Bucket bucket(String lastStatus) {
    int r = rank(lastStatus);
    if (r < 0 || lastStatus.equals(STOPPED)) {
      return Bucket.NONE;
    }
    return r < rank(RUNNING) ? Bucket.PENDING : Bucket.RUNNING;
  }

  /** Whether the task is past RUNNING, on its way down: it will not run again. */
  static boolean isStopping(String lastStatus) {
    return rank(lastStatus) >= rank(DEACTIVATING);
  }
}
