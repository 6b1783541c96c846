package dev.gantry.server.ops;

import dev.gantry.placement.query.QueryPredicates;
import dev.gantry.model.PlacementConstraint;
import dev.gantry.model.PlacementConstraintType;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.PlacementStrategyType;
import dev.gantry.model.TaskDefinitionPlacementConstraint;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.Strategy;
import dev.gantry.placement.query.ClusterQuery;
import dev.gantry.placement.query.QueryParseException;
import dev.gantry.server.api.EcsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RunTask's {@code placementConstraints} and {@code placementStrategy}, checked for the shape
 * ECS accepts and compiled into the placement engine's rules: at most 10 constraints, the task
 * definition's and the call's together ({@code distinctInstance} without an expression,
 * {@code memberOf} with a cluster query of at most 2000 characters, parsed here so that a bad
 * one names its member and position), and at most 5 strategies ({@code random} without a field,
 * not even an empty one, {@code spread} on instanceId, host or attribute:&lt;name&gt;,
 * {@code binpack} on cpu or memory). A task definition's constraints are checked the same way
 * when it is registered (memberOf only: the model has no other type for them).
 */
final class PlacementRules {
  static final int MAX_CONSTRAINTS = PlacementRequest.MAX_CONSTRAINTS;
  static final int MAX_STRATEGIES = PlacementRequest.MAX_STRATEGIES;
  static final int MAX_EXPRESSION = ClusterQuery.MAX_LENGTH;
  private static final Set<String> BINPACK_FIELDS = Set.of("cpu", "memory");

  private PlacementRules() {}

  /** The task definition's memberOf constraints, then the call's constraints, as engine rules. */
  static List<Constraint> constraints(List<TaskDefinitionPlacementConstraint> fromDefinition,
      List<PlacementConstraint> fromCall) {
    List<TaskDefinitionPlacementConstraint> defined = Members.orEmpty(fromDefinition);
    List<PlacementConstraint> list = Members.orEmpty(fromCall);
    if (defined.size() + list.size() > MAX_CONSTRAINTS) {
      throw EcsException.invalidParameter("placementConstraints has " + list.size() + " entries and the task "
          + "definition " + defined.size() + "; at most " + MAX_CONSTRAINTS + " are allowed together.");
    }
    List<Constraint> out = new ArrayList<>();
    for (int i = 0; i < defined.size(); i++) {
      TaskDefinitionPlacementConstraint c = defined.get(i);
      if (c != null && c.expression() != null && !c.expression().isEmpty()) {
        out.add(memberOf("taskDefinition.placementConstraints[" + i + "].expression", c.expression()));
      }
    }
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
        out.add(new Constraint.DistinctInstance());
      } else if (!hasExpression || c.expression().length() > MAX_EXPRESSION) {
        throw EcsException.invalidParameter(member + ".expression is required for memberOf: give a cluster query "
            + "language expression of 1 to " + MAX_EXPRESSION + " characters.");
      } else {
        out.add(memberOf(member + ".expression", c.expression()));
      }
    }
    return List.copyOf(out);
  }

  /** RegisterTaskDefinition's {@code placementConstraints}: at most 10, each a memberOf with a valid expression. */
  static void checkDefinitionConstraints(List<TaskDefinitionPlacementConstraint> constraints) {
    List<TaskDefinitionPlacementConstraint> list = Members.orEmpty(constraints);
    if (list.size() > MAX_CONSTRAINTS) {
      throw EcsException.invalidParameter("placementConstraints has " + list.size() + " entries; a task definition "
          + "can have at most " + MAX_CONSTRAINTS + " (and RunTask at most " + MAX_CONSTRAINTS + " with the call's).");
    }
    for (int i = 0; i < list.size(); i++) {
      TaskDefinitionPlacementConstraint c = list.get(i);
      String member = "placementConstraints[" + i + "]";
      if (c == null || c.type() == null) {
        throw EcsException.invalidParameter(member + ".type is required: a task definition takes memberOf "
            + "constraints.");
      }
      if (c.expression() == null || c.expression().isEmpty() || c.expression().length() > MAX_EXPRESSION) {
        throw EcsException.invalidParameter(member + ".expression is required for memberOf: give a cluster query "
            + "language expression of 1 to " + MAX_EXPRESSION + " characters.");
      }
      query(member + ".expression", c.expression());
    }
  }

  /** A cluster query, parsed; InvalidParameterException naming {@code member} when it does not parse. */
  static ClusterQuery query(String member, String expression) {
    try {
      return ClusterQuery.parse(expression);
    } catch (QueryParseException e) {
      throw EcsException.invalidParameter(member + " '" + expression + "' is not a valid cluster query: "
          + e.getMessage() + ".");
    }
  }

  private static Constraint memberOf(String member, String expression) {
    ClusterQuery q = query(member, expression);
    return new Constraint.MemberOf(expression, QueryPredicates.of(q));
  }

  /** The call's strategies in order, as engine rules (none: random). */
  static List<Strategy> strategies(List<PlacementStrategy> strategies) {
    List<PlacementStrategy> list = Members.orEmpty(strategies);
    if (list.size() > MAX_STRATEGIES) {
      throw EcsException.invalidParameter("placementStrategy has " + list.size() + " entries; at most "
          + MAX_STRATEGIES + " are allowed.");
    }
    List<Strategy> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      PlacementStrategy s = list.get(i);
      String member = "placementStrategy[" + i + "]";
      if (s == null || s.type() == null) {
        throw EcsException.invalidParameter(member + ".type is required: use random, spread or binpack.");
      }
      String field = s.field() == null ? "" : s.field();
      if (s.type() == PlacementStrategyType.SPREAD && !validSpreadField(field)) {
        throw EcsException.invalidParameter(member + ".field '" + field + "' is not valid for spread: use "
            + "instanceId, host or attribute:<name> (e.g. attribute:ecs.availability-zone).");
      }
      if (s.type() == PlacementStrategyType.BINPACK && !BINPACK_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
        throw EcsException.invalidParameter(member + ".field '" + s.field() + "' is not valid for binpack: use cpu "
            + "or memory.");
      }
      if (s.type() == PlacementStrategyType.RANDOM && s.field() != null) {
        throw EcsException.invalidParameter(member + ": the random strategy takes no field; got '" + s.field()
            + "'. Omit the field.");
      }
      out.add(Strategy.of(s));
    }
    return List.copyOf(out);
  }

  private static boolean validSpreadField(String field) {
    return field.equalsIgnoreCase("instanceId") || field.equalsIgnoreCase("host")
        || (field.startsWith("attribute:") && field.length() > "attribute:".length());
  }
}
