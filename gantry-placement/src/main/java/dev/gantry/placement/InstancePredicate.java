package dev.gantry.placement;

/**
 * A compiled {@code memberOf} expression: whether an instance satisfies it. The cluster query
 * language compiles expressions into this; tests may pass plain lambdas.
 */
@FunctionalInterface
public interface InstancePredicate {
  boolean test(InstanceView instance);
}
