package dev.gantry.reconcile;

import dev.gantry.model.Attribute;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.TaskDemand;
import java.util.List;
import java.util.Optional;

/**
 * What a deployment's task definition contributes to placement: the resources one task takes,
 * its {@code runtimePlatform.operatingSystemFamily} (empty when none), its
 * {@code requiresAttributes}, and the task definition's own placement constraints (the service's
 * come from {@link ServiceSpec#placementConstraints()}).
 */
public record TaskPlacement(TaskDemand demand, Optional<String> osFamily, List<Attribute> requiresAttributes,
    List<Constraint> constraints) {
  public TaskPlacement {
    requiresAttributes = List.copyOf(requiresAttributes);
    constraints = List.copyOf(constraints);
  }

  /** Only resources: no OS family, required attributes or constraints. */
  public static TaskPlacement of(TaskDemand demand) {
    return new TaskPlacement(demand, Optional.empty(), List.of(), List.of());
  }
}
