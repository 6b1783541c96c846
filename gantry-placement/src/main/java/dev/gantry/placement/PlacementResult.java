package dev.gantry.placement;

import java.util.List;
import java.util.Map;

/**
 * Where the tasks of one request go. {@link Placed} when every task found an instance;
 * {@link Unplaced} when placement stopped early: the tasks placed before that, how many were
 * not, and why every instance was out for the next one.
 */
public sealed interface PlacementResult {
  List<Placement> placements();

  /** One task placed on one instance, in request order. */
  record Placement(String containerInstanceArn) {}

  /** One instance that could not take the next task, and ECS's reason. */
  record Failure(String containerInstanceArn, FailureReason reason) {}

  record Placed(List<Placement> placements) implements PlacementResult {
    public Placed {
      placements = List.copyOf(placements);
    }
  }

  /**
   * {@code excluded} counts instances per reason; {@code detail} says the same in a sentence
   * (for the {@code detail} of a {@code failures[]} entry).
   */
  record Unplaced(List<Placement> placements, int unplacedCount, List<Failure> failures,
      Map<FailureReason, Integer> excluded, String detail) implements PlacementResult {
    public Unplaced {
      placements = List.copyOf(placements);
      failures = List.copyOf(failures);
      excluded = Map.copyOf(excluded);
    }
  }
}
