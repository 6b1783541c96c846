package dev.gantry.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One strategy as a score per instance, lower is better; {@link #placed} keeps the score
 * current after a task lands on an instance, so scoring never re-counts the cluster.
 */
sealed interface InstanceScorer {
  long score(int i);

  default void placed(int i) {}

  /**
   * The scorers for a request's strategies, in order. {@code random} ends the list: it leaves
   * every remaining tie to the engine's uniform random choice, so later strategies could never
   * decide anything.
   */
  static List<InstanceScorer> forRequest(PlacementState s) {
    List<InstanceScorer> scorers = new ArrayList<>();
    for (Strategy strategy : s.request().strategies()) {
      switch (strategy) {
        case Strategy.Random r -> {
          return List.copyOf(scorers);
        }
        case Strategy.Spread spread when spread.perInstance() -> scorers.add(new SpreadInstance(s));
        case Strategy.Spread spread -> scorers.add(new SpreadAttribute(s, spread.attributeName()));
        case Strategy.Binpack b -> scorers.add(new Binpack(s, b.field()));
      }
    }
    return List.copyOf(scorers);
  }

  /** Fewest tasks of the group on the instance itself. */
  record SpreadInstance(PlacementState s) implements InstanceScorer {
    @Override
    public long score(int i) {
      return s.groupTasks(i);
    }
  }

  /** Least remaining CPU or memory first. */
  record Binpack(PlacementState s, Strategy.Resource field) implements InstanceScorer {
    @Override
    public long score(int i) {
      return field == Strategy.Resource.CPU ? s.remainingCpu(i) : s.remainingMemory(i);
    }
  }

  /**
   * Fewest tasks of the group among all instances sharing the attribute's value (eligible or
   * not, as ECS counts them); instances lacking the attribute share one value of their own.
   */
  final class SpreadAttribute implements InstanceScorer {
    private final int[] valueOf;
    private final int[] tasksPerValue;

    SpreadAttribute(PlacementState s, String attribute) {
      valueOf = new int[s.size()];
      Map<String, Integer> index = new HashMap<>();
      List<Integer> counts = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        // "\0" cannot be an attribute value, so it stands for "attribute absent"
        String value = s.view(i).attribute(attribute).orElse("\0");
        int v = index.computeIfAbsent(value, k -> {
          counts.add(0);
          return counts.size() - 1;
        });
        valueOf[i] = v;
        counts.set(v, counts.get(v) + s.groupTasks(i));
      }
      tasksPerValue = counts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public long score(int i) {
      return tasksPerValue[valueOf[i]];
    }

    @Override
    public void placed(int i) {
      tasksPerValue[valueOf[i]]++;
    }
  }
}
