package dev.gantry.model.validation;

import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.List;

/**
 * The checks ECS makes when a task definition is registered, so that a bad one is refused at
 * {@code RegisterTaskDefinition} with every problem named, instead of failing later on a host.
 * Each rule class covers one concern and reports everything it finds; the violations are then
 * put in the order their fields appear in the request. Pure: no I/O, no clock, no state.
 */
public final class TaskDefinitionValidator {
  private interface Rule {
    void check(TaskView task, Violations out);
  }

  private static final List<Rule> RULES = List.of(
      NullEntryRules::check,
      TaskRules::check,
      ContainerRules::check,
      ResourceRules::check,
      PortMappingRules::check,
      LinkRules::check,
      VolumeRules::check,
      DependencyRules::check,
      HealthCheckRules::check,
      WindowsRules::check);

  private TaskDefinitionValidator() {}

  /** Every violation in the request, in member order; empty when it may be registered. */
  public static List<Violation> validate(RegisterTaskDefinitionRequest request) {
    if (request == null) {
      return List.of(new Violation("request",
          "is missing; give a task definition with family and containerDefinitions"));
    }
    TaskView task = TaskView.of(request);
    Violations out = new Violations();
    for (Rule rule : RULES) {
      rule.check(task, out);
    }
    return List.copyOf(FieldOrder.sort(out.list()));
  }
}
