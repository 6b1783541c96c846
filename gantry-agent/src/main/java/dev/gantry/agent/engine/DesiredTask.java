package dev.gantry.agent.engine;

import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import java.util.Objects;

/**
 * One member of the instance's desired task set, as the agent channel delivers it: the task
 * record as the server stores it (desiredStatus, overrides, stoppedReason) and its resolved task
 * definition.
 */
public record DesiredTask(Task task, TaskDefinition taskDefinition) {
  public DesiredTask {
    Objects.requireNonNull(task, "task");
  }

  public String taskArn() {
    return task.taskArn();
  }

  public boolean desiredStopped() {
    return "STOPPED".equals(task.desiredStatus());
  }
}
