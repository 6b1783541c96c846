package dev.gantry.placement;

import java.util.ArrayList;
import java.util.List;

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
   * The snapshot's column of the attribute's values makes the counts one pass over two int
   * arrays, with no map probes.
   */
  final class SpreadAttribute implements InstanceScorer {
    private final AttributeColumn values;
    private final int[] tasksPerValue;

    SpreadAttribute(PlacementState s, String attribute) {
      this.values = s.attributes(List.of(attribute));
      this.tasksPerValue = new int[values.classes()];
      for (int i = 0; i < s.size(); i++) {
        tasksPerValue[values.classOf(i)] += s.groupTasks(i);
      }
    }

    @Override
    public long score(int i) {
      return tasksPerValue[values.classOf(i)];
    }

    @Override
    public void placed(int i) {
      tasksPerValue[values.classOf(i)]++;
    }
  }
}
