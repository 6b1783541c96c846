package dev.gantry.reconcile;

import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementResult;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tasks the plan starts: {@code request.count()} tasks of deployment {@code deploymentId}
 * (their {@code startedBy}) running {@code taskDefinition}, in group {@code service:<name>}.
 * {@code containerInstanceArn} pins a DAEMON task to its instance; REPLICA starts leave the
 * choice to the placement engine.
 */
public record TaskStart(String deploymentId, String taskDefinition, PlacementRequest request,
    Optional<String> containerInstanceArn) {

  /**
   * Places these tasks: on the pinned instance only, or anywhere in {@code snapshot}. When a
   * plan holds several starts, pass each the snapshot with the previous ones' placements taken.
   */
  public PlacementResult place(ClusterSnapshot snapshot, RandomGenerator random) {
    ClusterSnapshot where = containerInstanceArn.map(arn -> new ClusterSnapshot(snapshot.instances().stream()
        .filter(i -> i.containerInstanceArn().equals(arn)).toList())).orElse(snapshot);
    return PlacementEngine.place(request, where, random);
  }
}
