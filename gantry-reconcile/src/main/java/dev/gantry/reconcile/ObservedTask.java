package dev.gantry.reconcile;

import dev.gantry.model.DesiredStatus;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.Task;
import dev.gantry.model.TaskStopCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task of the service as the store has it. {@code startedBy} is the id of the deployment that
 * started it (ECS sets a service task's startedBy to its deployment id). Pass the service's
 * STOPPED tasks too while the store keeps them: the circuit breaker and the launch throttle
 * learn from them why tasks stopped.
 */
public record ObservedTask(
    String taskArn,
    String startedBy,
    String containerInstanceArn,
    TaskStatus lastStatus,
    DesiredStatus desiredStatus,
    HealthStatus healthStatus,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> stoppedAt,
    Optional<TaskStopCode> stopCode,
    Optional<String> stoppedReason) {

  public ObservedTask {
    Objects.requireNonNull(taskArn, "taskArn");
    Objects.requireNonNull(startedBy, "startedBy");
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
    Objects.requireNonNull(lastStatus, "lastStatus");
    Objects.requireNonNull(desiredStatus, "desiredStatus");
    Objects.requireNonNull(healthStatus, "healthStatus");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The stored wire task (absent members null) as the reconciler sees it. */
  public static ObservedTask from(Task t) {
    TaskStatus last = TaskStatus.fromWire(t.lastStatus()).orElse(TaskStatus.PENDING);
    DesiredStatus desired = DesiredStatus.fromWire(t.desiredStatus()).orElse(DesiredStatus.RUNNING);
    return new ObservedTask(t.taskArn(), t.startedBy() == null ? "" : t.startedBy(),
        t.containerInstanceArn() == null ? "" : t.containerInstanceArn(), last, desired,
        t.healthStatus() == null ? HealthStatus.UNKNOWN : t.healthStatus(),
        t.createdAt() == null ? Instant.EPOCH : t.createdAt(), Optional.ofNullable(t.startedAt()),
        Optional.ofNullable(t.stoppedAt() != null ? t.stoppedAt() : t.executionStoppedAt()),
        Optional.ofNullable(t.stopCode()), Optional.ofNullable(t.stoppedReason()));
  }

  /** The task id: the last part of its ARN, as service events show it. */
  public String taskId() {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  boolean stopped() {
    return lastStatus == TaskStatus.STOPPED;
  }

  boolean desiredRunning() {
    return desiredStatus != DesiredStatus.STOPPED;
  }
}
