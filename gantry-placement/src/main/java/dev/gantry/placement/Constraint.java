package dev.gantry.placement;

/** A placement constraint: binding, it can leave a task unplaced. */
public sealed interface Constraint {
  /** Each task of the request's group on a different instance (counting tasks already running). */
  record DistinctInstance() implements Constraint {}

  /** Only instances the compiled {@code expression} accepts. */
  record MemberOf(String expression, InstancePredicate predicate) implements Constraint {}
}
