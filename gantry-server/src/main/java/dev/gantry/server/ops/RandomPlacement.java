package dev.gantry.server.ops;

import dev.gantry.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Where the tasks of one RunTask call go, until the placement engine exists: each task, one
 * after the other, on a random instance among those it fits on, counting what the earlier
 * tasks of the same call already took. Pure: the caller passes the instances as read from the
 * store and the random source.
 *
 * <p>An instance is a candidate only if its agent is connected ({@code AGENT} otherwise) and
 * the task fits its remaining resources ({@code RESOURCE:CPU|MEMORY|PORTS} otherwise); with
 * {@code distinctInstance}, an instance already given a task of this call is out too. When no
 * instance is left for a task, the remaining tasks are not placed and every instance's reason
 * is reported once, as ECS reports placement failures.
 */
final class RandomPlacement {
  static final String AGENT = "AGENT";
  static final String DISTINCT_INSTANCE = "DistinctInstance placement constraint";

  private RandomPlacement() {}

  record Candidate(String containerInstanceArn, boolean agentConnected, List<Resource> remaining) {}

  /** Why an instance could not take a task: its ARN and ECS's reason. */
  record Rejection(String containerInstanceArn, String reason) {}

  /**
   * {@code chosen} holds, per placed task, the index of its candidate; {@code remaining} the
   * candidates' resources after those placements.
   */
  record Result(List<Integer> chosen, List<Rejection> rejections, List<List<Resource>> remaining) {}

  static Result place(List<Candidate> candidates, TaskDemand demand, int count, boolean distinctInstance,
      RandomGenerator random) {
    List<List<Resource>> remaining = new ArrayList<>(candidates.stream().map(Candidate::remaining).toList());
    List<Integer> chosen = new ArrayList<>();
    Set<Rejection> rejections = new LinkedHashSet<>();
    for (int task = 0; task < count; task++) {
      List<Integer> fitting = new ArrayList<>();
      List<Rejection> why = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        Optional<String> reason = distinctInstance && chosen.contains(i)
            ? Optional.of(DISTINCT_INSTANCE)
            : rejection(candidates.get(i).agentConnected(), remaining.get(i), demand);
        if (reason.isEmpty()) {
          fitting.add(i);
        } else {
          why.add(new Rejection(candidates.get(i).containerInstanceArn(), reason.get()));
        }
      }
      if (fitting.isEmpty()) {
        rejections.addAll(why);
        break;
      }
      int pick = fitting.get(random.nextInt(fitting.size()));
      chosen.add(pick);
      remaining.set(pick, ResourceFit.consume(remaining.get(pick), demand));
    }
    return new Result(List.copyOf(chosen), List.copyOf(rejections), List.copyOf(remaining));
  }

  /** Why one instance cannot take the task, or empty when it can. */
  static Optional<String> rejection(boolean agentConnected, List<Resource> remaining, TaskDemand demand) {
    if (!agentConnected) {
      return Optional.of(AGENT);
    }
    return ResourceFit.check(demand, remaining).map(s -> s.reason);
  }
}
