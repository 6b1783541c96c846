package dev.gantry.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * STAND-IN, written by the reconcile-core helper only so that gantry-reconcile compiles and runs
 * against the agreed signature (briefs/scalein-signature.md). The placement-rules helper writes
 * the real ScaleIn in gantry-placement; at merge the lead keeps that version and drops this one.
 *
 * <p>Which tasks of a group to stop first, as ECS chooses them for the group's strategies.
 * Greedy and simple: each stop takes the task whose instance is "fullest" by the strategies,
 * compared lexicographically, then recounts. O(count x tasks x strategies).
 */
public final class ScaleIn {
  private ScaleIn() {}

  /**
   * The {@code count} tasks to stop (task ARNs, in stop order) among {@code tasks}, chosen as ECS
   * does for the strategies (the service's placementStrategy list; empty = the service default
   * Strategy.serviceDefault()): spread on a field keeps the field's values balanced (stop from
   * the value with most tasks, then the instance with most tasks of the group), binpack stops
   * where most of the resource is left, random at random. Ties broken by the next strategy, then
   * by {@code random}. Tasks on instances missing from the snapshot (deregistered) go first.
   */
  public static List<String> tasksToStop(List<PlacedTask> tasks, List<Strategy> strategies,
      ClusterSnapshot snapshot, int count, RandomGenerator random) {
    List<Strategy> rules = strategies.isEmpty() ? Strategy.serviceDefault() : strategies;
    Map<String, InstanceView> views = new HashMap<>();
    for (InstanceView v : snapshot.instances()) {
      views.put(v.containerInstanceArn(), v);
    }
    List<PlacedTask> left = new ArrayList<>(tasks);
    List<String> stop = new ArrayList<>();
    while (stop.size() < count && !left.isEmpty()) {
      int chosen = -1;
      int ties = 0;
      long[] best = null;
      for (int i = 0; i < left.size(); i++) {
        long[] key = key(left.get(i), left, rules, views);
        int cmp = best == null ? 1 : compare(key, best);
        if (cmp > 0) {
          chosen = i;
          best = key;
          ties = 1;
        } else if (cmp == 0 && random.nextInt(++ties) == 0) {
          chosen = i;
        }
      }
      stop.add(left.remove(chosen).taskArn());
    }
    return List.copyOf(stop);
  }

  /** Higher means stop sooner. */
  private static long[] key(PlacedTask task, List<PlacedTask> left, List<Strategy> rules,
      Map<String, InstanceView> views) {
    InstanceView view = views.get(task.containerInstanceArn());
    long[] key = new long[rules.size() + 1];
    key[0] = view == null ? 1 : 0;
    for (int k = 0; k < rules.size() && view != null; k++) {
      if (rules.get(k) instanceof Strategy.Random) {
        break; // random leaves every remaining tie to the random choice
      }
      key[k + 1] = switch (rules.get(k)) {
        case Strategy.Random r -> 0;
        case Strategy.Spread s when s.perInstance() ->
            left.stream().filter(t -> t.containerInstanceArn().equals(task.containerInstanceArn())).count();
        case Strategy.Spread s -> {
          String value = view.attribute(s.attributeName()).orElse("\0");
          yield left.stream().filter(t -> {
            InstanceView other = views.get(t.containerInstanceArn());
            return other != null && other.attribute(s.attributeName()).orElse("\0").equals(value);
          }).count();
        }
        case Strategy.Binpack b -> b.field() == Strategy.Resource.CPU ? view.remainingCpu() : view.remainingMemory();
      };
    }
    return key;
  }

  private static int compare(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = Long.compare(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
