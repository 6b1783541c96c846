package dev.gantry.server.ops;

import dev.gantry.model.Failure;

/**
 * The {@code failures} entries of ECS's batch calls (DescribeClusters, DescribeContainerInstances,
 * UpdateContainerInstancesState, DeleteTaskDefinitions): the item's ARN, a reason, an optional
 * detail. ECS reports an item that does not exist with the reason {@code MISSING}.
 */
final class Failures {
  static final String MISSING = "MISSING";

  private Failures() {}

  static Failure missing(String arn) {
    return of(arn, MISSING, null);
  }

  /** {@code detail} may be null: the member is optional. */
  static Failure of(String arn, String reason, String detail) {
    return Failure.builder().arn(arn).reason(reason).detail(detail).build();
  }
}
