package dev.gantry.placement;

import dev.gantry.model.ContainerInstanceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Which tasks of one service to stop when it scales in, chosen as ECS chooses them.
 *
 * <p>Goal: the strategies that placed the tasks also pick the ones to stop, so a service keeps
 * the shape its strategies give it: {@code spread} stops from the field value (zone, instance,
 * attribute) with the most tasks of the service, keeping the values balanced; {@code binpack}
 * stops on the instance with the most of the resource left, emptying the least-used instances
 * first; {@code random} at random. Constraints: pure (the snapshot and the randomness come in);
 * the same seed gives the same order; no strategies means the service default
 * ({@link Strategy#serviceDefault()}: the busiest zone, within it the busiest instance).
 *
 * <p>Algorithm: tasks on instances the snapshot lacks (deregistered) go first, in random order;
 * tasks on instances that take nothing new (DRAINING) next, since they are being emptied anyway.
 * The rest are chosen one at a time, greedily: each instance still holding candidates gets one
 * key per strategy (higher stops first), the keys compare lexicographically so a later strategy
 * breaks the ties of an earlier one, instances tied on every key are equally likely (reservoir
 * sampling), and one of the chosen instance's tasks is taken at random. The keys follow each
 * stop, so spread rebalances as it goes. O(count x instances x strategies).
 *
 * <p>Binpack reads the snapshot's remaining resource; the resources a stop frees are unknown
 * here (tasks come without their size), so an instance already chosen wins ties on it, which
 * is what adding the freed resource would decide while binpack leads the strategies.
 */
public final class ScaleIn {
  /** Room for the tie-breaking count of tasks already chosen on an instance, below the resource. */
  private static final int CHOSEN_BITS = 20;

  private ScaleIn() {}

  /**
   * The {@code count} tasks to stop (task ARNs, in stop order) among {@code tasks}, chosen as ECS
   * does for the strategies (the service's placementStrategy list; empty = the service default
   * Strategy.serviceDefault(), which stops from the zone with most tasks, then the instance with
   * most tasks of the group): spread on a field keeps the field's values balanced (stop from the
   * value with most tasks), binpack stops where most of the resource is left, random at random.
   * Ties broken by the next strategy, then by {@code random}. Tasks on instances missing from the
   * snapshot (deregistered) go first, then those on instances that are not ACTIVE (DRAINING).
   * Fewer than {@code count} when there are fewer tasks.
   */
  public static List<String> tasksToStop(List<PlacedTask> tasks, List<Strategy> strategies,
      ClusterSnapshot snapshot, int count, RandomGenerator random) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    List<InstanceView> instances = snapshot.instances();
    Map<String, Integer> index = new HashMap<>(instances.size() * 2);
    for (int i = 0; i < instances.size(); i++) {
      index.putIfAbsent(instances.get(i).containerInstanceArn(), i);
    }
    List<String> gone = new ArrayList<>();
    List<List<String>> onInstance = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      onInstance.add(new ArrayList<>());
    }
    for (PlacedTask t : tasks) {
      Integer i = index.get(t.containerInstanceArn());
      if (i == null) {
        gone.add(t.taskArn());
      } else {
        onInstance.get(i).add(t.taskArn());
      }
    }
    List<String> out = new ArrayList<>(Math.min(count, tasks.size()));
    while (out.size() < count && !gone.isEmpty()) {
      out.add(takeAny(gone, random));
    }
    if (out.size() < count) {
      List<Strategy> effective = strategies.isEmpty() ? Strategy.serviceDefault() : strategies;
      chooseOnInstances(instances, onInstance, keys(effective, instances, onInstance), count, out, random);
    }
    return List.copyOf(out);
  }

  private static void chooseOnInstances(List<InstanceView> instances, List<List<String>> onInstance, List<Key> keys,
      int count, List<String> out, RandomGenerator random) {
    long[] best = new long[keys.size()];
    while (out.size() < count) {
      int chosen = -1;
      int ties = 0;
      for (int i = 0; i < instances.size(); i++) {
        if (onInstance.get(i).isEmpty()) {
          continue;
        }
        int cmp = chosen < 0 ? 1 : compare(keys, best, i);
        if (cmp > 0) {
          chosen = i;
          ties = 1;
          for (int k = 0; k < keys.size(); k++) {
            best[k] = keys.get(k).key(i);
          }
        } else if (cmp == 0 && random.nextInt(++ties) == 0) {
          chosen = i;
        }
      }
      if (chosen < 0) {
        return;
      }
      out.add(takeAny(onInstance.get(chosen), random));
      for (Key key : keys) {
        key.stopped(chosen);
      }
    }
  }

  private static int compare(List<Key> keys, long[] best, int i) {
    for (int k = 0; k < keys.size(); k++) {
      int c = Long.compare(keys.get(k).key(i), best[k]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Removes and returns a uniformly random element (order of the rest does not matter). */
  private static String takeAny(List<String> list, RandomGenerator random) {
    int at = random.nextInt(list.size());
    String picked = list.get(at);
    list.set(at, list.getLast());
    list.removeLast();
    return picked;
  }

  /**
   * The keys, highest stops first: whether the instance takes nothing new, then one per strategy
   * up to the first {@code random} (which leaves every remaining tie to chance).
   */
  private static List<Key> keys(List<Strategy> strategies, List<InstanceView> instances,
      List<List<String>> onInstance) {
    int n = instances.size();
    List<Key> keys = new ArrayList<>();
    keys.add(new Draining(instances));
    for (Strategy strategy : strategies) {
      switch (strategy) {
        case Strategy.Random r -> {
          return keys;
        }
        case Strategy.Spread spread when spread.perInstance() -> keys.add(new SpreadInstance(onInstance));
        case Strategy.Spread spread -> keys.add(SpreadAttribute.of(spread.attributeName(), instances, onInstance));
        case Strategy.Binpack b -> keys.add(new Binpack(instances, b.field(), new int[n]));
      }
    }
    return keys;
  }

  /** One ordering of the instances for scale-in; {@link #stopped} keeps it current after a stop. */
  private sealed interface Key {
    long key(int i);

    default void stopped(int i) {}
  }

  /** Instances that take nothing new (DRAINING and the like) are emptied first. */
  private record Draining(List<InstanceView> instances) implements Key {
    @Override
    public long key(int i) {
      return instances.get(i).status() == ContainerInstanceStatus.ACTIVE ? 0 : 1;
    }
  }

  /** Most tasks of the group still running on the instance itself. */
  private record SpreadInstance(List<List<String>> onInstance) implements Key {
    @Override
    public long key(int i) {
      return onInstance.get(i).size();
    }
  }

  /**
   * Most tasks of the group still running on the instance's value of the attribute; instances
   * without the attribute share one value of their own, as when placing.
   */
  private record SpreadAttribute(int[] valueOf, int[] tasksPerValue) implements Key {
    static SpreadAttribute of(String attribute, List<InstanceView> instances, List<List<String>> onInstance) {
      int n = instances.size();
      int[] valueOf = new int[n];
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < n; i++) {
        // "\0" cannot be an attribute value, so it stands for "attribute absent"
        String value = instances.get(i).attribute(attribute).orElse("\0");
        valueOf[i] = ids.computeIfAbsent(value, v -> ids.size());
      }
      int[] tasksPerValue = new int[ids.size()];
      for (int i = 0; i < n; i++) {
        tasksPerValue[valueOf[i]] += onInstance.get(i).size();
      }
      return new SpreadAttribute(valueOf, tasksPerValue);
    }

    @Override
    public long key(int i) {
      return tasksPerValue[valueOf[i]];
    }

    @Override
    public void stopped(int i) {
      tasksPerValue[valueOf[i]]--;
    }
  }

  /** Most of the resource left; among equals, the instance this scale-in already stops tasks on. */
  private record Binpack(List<InstanceView> instances, Strategy.Resource field, int[] chosen) implements Key {
    @Override
    public long key(int i) {
      InstanceView v = instances.get(i);
      long left = field == Strategy.Resource.CPU ? v.remainingCpu() : v.remainingMemory();
      return (left << CHOSEN_BITS) + Math.min(chosen[i], (1 << CHOSEN_BITS) - 1);
    }

    @Override
    public void stopped(int i) {
      chosen[i]++;
    }
  }
}
