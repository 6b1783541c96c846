package dev.gantry.reconcile;

import java.util.Locale;
import java.util.Optional;

/** A task's {@code lastStatus}, in lifecycle order (ECS's task lifecycle). */
public enum TaskStatus {
  PROVISIONING,
  PENDING,
  ACTIVATING,
  RUNNING,
  DEACTIVATING,
  STOPPING,
  DEPROVISIONING,
  STOPPED;

  /** The status for a wire value; empty for anything else. */
  public static Optional<TaskStatus> fromWire(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Not yet RUNNING: what DescribeServices counts as pending. */
  boolean beforeRunning() {
    return compareTo(RUNNING) < 0;
  }
}
