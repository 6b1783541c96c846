package dev.gantry.placement;

import dev.gantry.model.Attribute;
import java.util.List;
import java.util.Optional;

/**
 * {@code count} identical tasks of one task group to place. {@code osFamily} is the task
 * definition's {@code runtimePlatform.operatingSystemFamily} wire value, empty when it has none.
 * {@code constraints} are the task definition's and the call's together (at most 10);
 * {@code strategies} at most 5, in the user's order.
 */
public record PlacementRequest(
    String group,
    int count,
    TaskDemand demand,
    Optional<String> osFamily,
    List<Attribute> requiresAttributes,
    List<Constraint> constraints,
    List<Strategy> strategies) {
  public static final int MAX_CONSTRAINTS = 10;
  public static final int MAX_STRATEGIES = 5;

  public PlacementRequest {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (constraints.size() > MAX_CONSTRAINTS) {
      throw new IllegalArgumentException("at most " + MAX_CONSTRAINTS + " placement constraints, got " + constraints.size());
    }
    if (strategies.size() > MAX_STRATEGIES) {
      throw new IllegalArgumentException("at most " + MAX_STRATEGIES + " placement strategies, got " + strategies.size());
    }
    requiresAttributes = List.copyOf(requiresAttributes);
    constraints = List.copyOf(constraints);
    strategies = List.copyOf(strategies);
  }

  /** A request with no OS family, required attributes, constraints or strategies. */
  public static PlacementRequest of(String group, int count, TaskDemand demand) {
    return new PlacementRequest(group, count, demand, Optional.empty(), List.of(), List.of(), List.of());
  }

  public PlacementRequest withConstraints(List<Constraint> c) {
    return new PlacementRequest(group, count, demand, osFamily, requiresAttributes, c, strategies);
  }

  public PlacementRequest withStrategies(List<Strategy> s) {
    return new PlacementRequest(group, count, demand, osFamily, requiresAttributes, constraints, s);
  }

  public PlacementRequest withOsFamily(String family) {
    return new PlacementRequest(group, count, demand, Optional.of(family), requiresAttributes, constraints, strategies);
  }

  public PlacementRequest withRequiresAttributes(List<Attribute> a) {
    return new PlacementRequest(group, count, demand, osFamily, a, constraints, strategies);
  }
}
