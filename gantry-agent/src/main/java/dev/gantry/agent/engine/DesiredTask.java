package dev.gantry.agent.engine;

import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import java.util.Objects;

/**
 * One member of the instance's desired task set, as the agent channel delivers it: the task
 * record as the server stores it (desiredStatus, overrides, stoppedReason) and its resolved task
 * definition. {@code fenced} marks a task of a service that may never run more copies than it
 * desires: the agent stops it when it loses the control plane past its lease (LeaseFence).
 */
public record DesiredTask(Task task, TaskDefinition taskDefinition, boolean fenced) {
  public DesiredTask {
    Objects.requireNonNull(task, "task");
  }

  public DesiredTask(Task task, TaskDefinition taskDefinition) {
    this(task, taskDefinition, false);
  }

  public String taskArn() {
    return task.taskArn();
  }

  public boolean desiredStopped() {
    return "STOPPED".equals(task.desiredStatus());
  }
}
