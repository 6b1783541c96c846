package dev.gantry.placement;

import java.util.Optional;
import java.util.Set;

/**
 * A compiled {@code memberOf} expression: whether an instance satisfies it. The cluster query
 * language compiles expressions into this; tests may pass plain lambdas.
 */
@FunctionalInterface
public interface InstancePredicate {
  boolean test(InstanceView instance);

  /**
   * The attributes the answer depends on, when it depends on nothing else of the instance: the
   * engine then asks once per distinct combination of their values (a handful in a cluster of
   * thousands) instead of once per instance. Empty, the default, when it may read anything.
   */
  default Optional<Set<String>> attributesRead() {
    return Optional.empty();
  }
}
