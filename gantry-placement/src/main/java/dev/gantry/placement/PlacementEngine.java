package dev.gantry.placement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/**
 * Decides where the tasks of one request go, as ECS does for RunTask and services.
 *
 * <p>Goal: each of {@code count} identical tasks, one after another, on an instance that fits
 * it, chosen by the user's strategies; when none is left, say for every instance which rule
 * excluded it. Constraints: pure (snapshot and randomness come in, nothing is read or kept);
 * the same seed gives the same placements; fast enough for 100,000 tasks over 5,000 instances.
 *
 * <p>Algorithm: every {@link InstanceFilter} runs once per instance (status, agent, attributes,
 * resources, then constraints), one rule at a time over the {@link ClusterSnapshot}'s columns and
 * the survivors of the rules before it; the survivors of all are the candidates. Because the
 * tasks are identical and placing only takes capacity away, a rejected instance stays rejected,
 * so after each placement only the chosen instance is checked again. Each task scans the candidates once,
 * comparing the {@link InstanceScorer} scores lexicographically (a later strategy breaks the
 * ties of an earlier one) and choosing uniformly among the instances tied on all of them by
 * reservoir sampling: O(candidates x strategies) per task, with no sorting and no allocation.
 */
public final class PlacementEngine {
  private PlacementEngine() {}

  public static PlacementResult place(PlacementRequest request, ClusterSnapshot snapshot, RandomGenerator random) {
    PlacementState state = new PlacementState(snapshot, request);
    List<InstanceFilter> filters = InstanceFilter.forRequest(request);
    List<InstanceFilter> dynamic = filters.stream().filter(InstanceFilter::dynamic).toList();
    int n = state.size();
    Exclusions excluded = new Exclusions(n);
    int[] candidates = new int[n];
    for (int i = 0; i < n; i++) {
      candidates[i] = i;
    }
    int candidateCount = n;
    // rule by rule over the survivors of the rules before: each instance gets the first rule's reason
    for (InstanceFilter filter : filters) {
      candidateCount = filter.retain(state, candidates, candidateCount, excluded);
    }
    InstanceScorer[] scorers = InstanceScorer.forRequest(state).toArray(InstanceScorer[]::new);
    long[] best = new long[scorers.length];
    List<PlacementResult.Placement> placements = new ArrayList<>(request.count());
    for (int task = 0; task < request.count(); task++) {
      if (candidateCount == 0) {
        return unplaced(state, placements, request.count() - task, excluded);
      }
      int slot = choose(candidates, candidateCount, scorers, best, random);
      int chosen = candidates[slot];
      state.place(chosen);
      for (InstanceScorer scorer : scorers) {
        scorer.placed(chosen);
      }
      placements.add(new PlacementResult.Placement(state.view(chosen).containerInstanceArn()));
      Optional<FailureReason> now = firstRejection(dynamic, state, chosen);
      if (now.isPresent()) {
        excluded.exclude(chosen, now.get());
        candidates[slot] = candidates[--candidateCount];
      }
    }
    return new PlacementResult.Placed(placements);
  }

  private static Optional<FailureReason> firstRejection(List<InstanceFilter> filters, PlacementState s, int i) {
    for (InstanceFilter f : filters) {
      Optional<FailureReason> r = f.reject(s, i);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** The slot of the best candidate; among candidates tied on every score, each equally likely. */
  private static int choose(int[] candidates, int count, InstanceScorer[] scorers, long[] best,
      RandomGenerator random) {
    int chosen = -1;
    int ties = 0;
    for (int slot = 0; slot < count; slot++) {
      int i = candidates[slot];
      int cmp = chosen < 0 ? -1 : compare(scorers, best, i);
      if (cmp < 0) {
        chosen = slot;
        ties = 1;
        for (int k = 0; k < scorers.length; k++) {
          best[k] = scorers[k].score(i);
        }
      } else if (cmp == 0 && random.nextInt(++ties) == 0) {
        chosen = slot;
      }
    }
    return chosen;
  }

  private static int compare(InstanceScorer[] scorers, long[] best, int i) {
    for (int k = 0; k < scorers.length; k++) {
      int c = Long.compare(scorers[k].score(i), best[k]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static PlacementResult unplaced(PlacementState s, List<PlacementResult.Placement> placements,
      int unplaced, Exclusions excluded) {
    List<PlacementResult.Failure> failures = new ArrayList<>(excluded.size());
    Map<FailureReason, Integer> counts = new EnumMap<>(FailureReason.class);
    for (int i = 0; i < excluded.size(); i++) {
      failures.add(new PlacementResult.Failure(s.view(i).containerInstanceArn(), excluded.reason(i)));
      counts.merge(excluded.reason(i), 1, Integer::sum);
    }
    return new PlacementResult.Unplaced(placements, unplaced, failures, counts, detail(unplaced, excluded.size(), counts));
  }

  private static String detail(int unplaced, int instances, Map<FailureReason, Integer> counts) {
    String tasks = unplaced + (unplaced == 1 ? " task" : " tasks") + " not placed";
    if (instances == 0) {
      return tasks + ": the cluster has no container instances";
    }
    StringJoiner why = new StringJoiner(", ", tasks + ": of " + instances + " container instances, ", "");
    counts.forEach((reason, n) -> why.add(n + " excluded by " + reason.label()));
    return why.toString();
  }
}
