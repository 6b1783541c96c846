package dev.gantry.placement;

import java.util.ArrayList;
import java.util.Arrays;
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
   *
   * <p>Built for every request, so it reads an instance's attribute only when the instance
   * matters: up front for those running tasks of the group (they make the counts), later for
   * those scored (the candidates). A value first met when scoring has no tasks yet.
   */
  final class SpreadAttribute implements InstanceScorer {
    private final PlacementState s;
    private final String attribute;
    /** Index of each instance's value plus one; 0 while not yet read. */
    private final int[] valueOf;
    private final Map<String, Integer> index = new HashMap<>();
    private int[] tasksPerValue = new int[8];

    SpreadAttribute(PlacementState s, String attribute) {
      this.s = s;
      this.attribute = attribute;
      this.valueOf = new int[s.size()];
      for (int i = 0; i < s.size(); i++) {
        if (s.groupTasks(i) > 0) {
          tasksPerValue[value(i)] += s.groupTasks(i);
        }
      }
    }

    private int value(int i) {
      if (valueOf[i] == 0) {
        // "\0" cannot be an attribute value, so it stands for "attribute absent"
        String value = s.view(i).attribute(attribute).orElse("\0");
        Integer known = index.get(value);
        int v = known != null ? known : index.size();
        if (known == null) {
          index.put(value, v);
          tasksPerValue = v < tasksPerValue.length ? tasksPerValue : Arrays.copyOf(tasksPerValue, v * 2);
        }
        valueOf[i] = v + 1;
      }
      return valueOf[i] - 1;
    }

    @Override
    public long score(int i) {
      return tasksPerValue[value(i)];
    }

    @Override
    public void placed(int i) {
      tasksPerValue[value(i)]++;
    }
  }
}
