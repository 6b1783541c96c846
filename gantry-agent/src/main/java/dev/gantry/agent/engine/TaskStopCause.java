package dev.gantry.agent.engine;

import dev.gantry.model.TaskStopCode;
import java.util.Objects;

/** Why a task is stopping: ECS's stop code and stoppedReason. */
public record TaskStopCause(TaskStopCode stopCode, String reason) {
  public static final String ESSENTIAL_EXITED = "Essential container in task exited";
  public static final String USER_STOPPED = "Task stopped by user";
  public static final String FAILED_TO_START = "Task failed to start";

  public TaskStopCause {
    Objects.requireNonNull(stopCode, "stopCode");
    Objects.requireNonNull(reason, "reason");
  }
}
