package dev.gantry.model.validation;

import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.List;

/** Placeholder until the validation rules land; see the issue for the rules. */
public final class TaskDefinitionValidator {
  private TaskDefinitionValidator() {}

  /** Every violation in the request, in member order; empty when it may be registered. */
  public static List<Violation> validate(RegisterTaskDefinitionRequest request) {
    return List.of();
  }
}
