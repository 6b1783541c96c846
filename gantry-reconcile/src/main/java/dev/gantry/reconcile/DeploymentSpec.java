package dev.gantry.reconcile;

import dev.gantry.model.DeploymentRolloutState;
import java.time.Instant;
import java.util.Objects;

/**
 * One deployment of a service as the scheduler tracks it: the task definition it runs, how its
 * tasks are placed, whether its essential containers have health checks (then a task counts as
 * healthy only once HEALTHY), how long its containers take to stop ({@link StopTimeout}: their own
 * stopTimeout, or the default of the agent that runs the task), and what DescribeServices shows of it. The controller stores the
 * deployments the {@link Plan} returns and passes them back next time.
 *
 * <p>{@code id} is the ECS deployment id ({@code ecs-svc/<digits>}); the service's tasks carry it
 * as their {@code startedBy}. {@code failedTasks} is the circuit breaker's count.
 */
public record DeploymentSpec(
    String id,
    String taskDefinition,
    TaskPlacement placement,
    boolean healthChecks,
    StopTimeout stopTimeout,
    Instant createdAt,
    Instant updatedAt,
    DeploymentStatus status,
    DeploymentRolloutState rolloutState,
    String rolloutStateReason,
    int desiredCount,
    int runningCount,
    int pendingCount,
    int failedTasks) {

  public DeploymentSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(taskDefinition, "taskDefinition");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(rolloutState, "rolloutState");
    Objects.requireNonNull(rolloutStateReason, "rolloutStateReason");
  }

  /** A new PRIMARY deployment, IN_PROGRESS, as CreateService or UpdateService starts one. */
  public static DeploymentSpec create(String id, String taskDefinition, TaskPlacement placement, boolean healthChecks,
      StopTimeout stopTimeout, Instant createdAt) {
    return new DeploymentSpec(id, taskDefinition, placement, healthChecks, stopTimeout, createdAt, createdAt,
        DeploymentStatus.PRIMARY, DeploymentRolloutState.IN_PROGRESS, ServiceEvents.inProgress(id), 0, 0, 0, 0);
  }

  public boolean isPrimary() {
    return status == DeploymentStatus.PRIMARY;
  }

  public DeploymentSpec withStatus(DeploymentStatus s, Instant now) {
    return s == status ? this : new DeploymentSpec(id, taskDefinition, placement, healthChecks, stopTimeout,
        createdAt, now, s, rolloutState, rolloutStateReason, desiredCount, runningCount, pendingCount, failedTasks);
  }

  public DeploymentSpec withRollout(DeploymentRolloutState state, String reason, Instant now) {
    return state == rolloutState && reason.equals(rolloutStateReason) ? this
        : new DeploymentSpec(id, taskDefinition, placement, healthChecks, stopTimeout, createdAt, now, status,
            state, reason, desiredCount, runningCount, pendingCount, failedTasks);
  }

  public DeploymentSpec withCounts(int desired, int running, int pending) {
    return new DeploymentSpec(id, taskDefinition, placement, healthChecks, stopTimeout, createdAt, updatedAt, status,
        rolloutState, rolloutStateReason, desired, running, pending, failedTasks);
  }

  public DeploymentSpec withFailedTasks(int failed) {
    return new DeploymentSpec(id, taskDefinition, placement, healthChecks, stopTimeout, createdAt, updatedAt, status,
        rolloutState, rolloutStateReason, desiredCount, runningCount, pendingCount, failed);
  }
}
