package dev.gantry.agent.engine;

/**
 * Where a task's container is on the ECS agent's path: nothing done yet, image present,
 * Docker container created, running, stopped. Only moves forward.
 */
public enum ContainerStatus {
  NONE,
  PULLED,
  CREATED,
  RUNNING,
  STOPPED;

  /** The container {@code lastStatus} ECS shows for this step. */
  public String wire() {
    return switch (this) {
      case NONE, PULLED, CREATED -> "PENDING";
      case RUNNING -> "RUNNING";
      case STOPPED -> "STOPPED";
    };
  }

  public boolean atLeast(ContainerStatus other) {
    return compareTo(other) >= 0;
  }
}
