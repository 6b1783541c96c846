package dev.gantry.server.ops;

import dev.gantry.model.PlacementConstraint;
import dev.gantry.model.PlacementConstraintType;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.PlacementStrategyType;
import dev.gantry.server.api.EcsException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RunTask's {@code placementConstraints} and {@code placementStrategy}, checked for the shape
 * ECS accepts: at most 10 constraints ({@code distinctInstance} without an expression,
 * {@code memberOf} with one of at most 2000 characters) and at most 5 strategies
 * ({@code random} without a field, {@code spread} with one, {@code binpack} on cpu or memory).
 * Until the placement engine lands, placement is random over the instances the task fits on;
 * only {@code distinctInstance} is honoured (it needs no query language).
 */
final class PlacementRules {
  static final int MAX_CONSTRAINTS = 10;
  static final int MAX_STRATEGIES = 5;
  static final int MAX_EXPRESSION = 2000;
  private static final Set<String> BINPACK_FIELDS = Set.of("cpu", "memory");

  private PlacementRules() {}

  /** Whether the checked constraints ask for one task per instance. */
  static boolean distinctInstance(List<PlacementConstraint> constraints) {
    List<PlacementConstraint> list = Members.orEmpty(constraints);
    if (list.size() > MAX_CONSTRAINTS) {
      throw EcsException.invalidParameter("placementConstraints has " + list.size() + " entries; at most "
          + MAX_CONSTRAINTS + " are allowed.");
    }
    boolean distinct = false;
    for (int i = 0; i < list.size(); i++) {
      PlacementConstraint c = list.get(i);
      String member = "placementConstraints[" + i + "]";
      if (c == null || c.type() == null) {
        throw EcsException.invalidParameter(member + ".type is required: use distinctInstance or memberOf.");
      }
      boolean hasExpression = c.expression() != null && !c.expression().isEmpty();
      if (c.type() == PlacementConstraintType.DISTINCTINSTANCE) {
        if (hasExpression) {
          throw EcsException.invalidParameter(member + ": a distinctInstance constraint takes no expression; got '"
              + c.expression() + "'.");
        }
        distinct = true;
      } else if (!hasExpression || c.expression().length() > MAX_EXPRESSION) {
        throw EcsException.invalidParameter(member + ".expression is required for memberOf: give a cluster query "
            + "language expression of 1 to " + MAX_EXPRESSION + " characters.");
      }
    }
    return distinct;
  }

  static void checkStrategies(List<PlacementStrategy> strategies) {
    List<PlacementStrategy> list = Members.orEmpty(strategies);
    if (list.size() > MAX_STRATEGIES) {
      throw EcsException.invalidParameter("placementStrategy has " + list.size() + " entries; at most "
          + MAX_STRATEGIES + " are allowed.");
    }
    for (int i = 0; i < list.size(); i++) {
      PlacementStrategy s = list.get(i);
      String member = "placementStrategy[" + i + "]";
      if (s == null || s.type() == null) {
        throw EcsException.invalidParameter(member + ".type is required: use random, spread or binpack.");
      }
      String field = s.field() == null ? "" : s.field();
      if (s.type() == PlacementStrategyType.SPREAD && field.isEmpty()) {
        throw EcsException.invalidParameter(member + ".field is required for spread: e.g. instanceId or "
            + "attribute:ecs.availability-zone.");
      }
      if (s.type() == PlacementStrategyType.BINPACK && !BINPACK_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
        throw EcsException.invalidParameter(member + ".field '" + s.field() + "' is not valid for binpack: use cpu "
            + "or memory.");
      }
      if (s.type() == PlacementStrategyType.RANDOM && !field.isEmpty()) {
        throw EcsException.invalidParameter(member + ": the random strategy takes no field; got '" + s.field() + "'.");
      }
    }
  }
}
