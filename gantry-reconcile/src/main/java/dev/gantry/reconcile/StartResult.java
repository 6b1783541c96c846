package dev.gantry.reconcile;

import dev.gantry.placement.PlacementResult;
import java.util.List;

/**
 * What became of one {@link TaskStart}: the engine's result and the ARNs of the tasks the
 * controller created for its placements, in order.
 */
public record StartResult(TaskStart start, PlacementResult placement, List<String> taskArns) {
  public StartResult {
    taskArns = List.copyOf(taskArns);
  }
}
