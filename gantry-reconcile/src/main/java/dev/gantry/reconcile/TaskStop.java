package dev.gantry.reconcile;

import dev.gantry.model.TaskStopCode;

/**
 * A task the plan stops: the controller sets its {@code desiredStatus} to STOPPED with this
 * {@code stoppedReason} and {@code stopCode} (ServiceSchedulerInitiated), as StopTask would.
 */
public record TaskStop(String taskArn, String stoppedReason, TaskStopCode stopCode) {
  static TaskStop of(ObservedTask task, String reason) {
    return new TaskStop(task.taskArn(), reason, TaskStopCode.SERVICESCHEDULERINITIATED);
  }
}
