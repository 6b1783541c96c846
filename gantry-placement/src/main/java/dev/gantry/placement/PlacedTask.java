package dev.gantry.placement;

import java.util.Objects;

/**
 * A task of one group (service) that has not stopped, as scale-in sees it: its ARN and the
 * container instance it runs on. An instance ARN the snapshot does not hold (a deregistered
 * instance) is allowed: such tasks are the first to stop.
 */
public record PlacedTask(String taskArn, String containerInstanceArn) {
  public PlacedTask {
    Objects.requireNonNull(taskArn, "taskArn");
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
  }
}
