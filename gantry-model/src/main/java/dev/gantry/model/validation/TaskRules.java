package dev.gantry.model.validation;

import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.regex.Pattern;

/** Task-level members every task definition needs: its family and a usable container list. */
final class TaskRules {
  /** ECS allows family names and container names of this shape. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  static final String NAME_RULE = "use 1 to 255 letters, numbers, hyphens and underscores";
  /** ECS's quota of containers per task definition. */
  static final int MAX_CONTAINERS = 10;

  private TaskRules() {}

  static void check(TaskView task, Violations out) {
    RegisterTaskDefinitionRequest request = task.request();
    String family = request.family();
    if (family == null || family.isEmpty()) {
      out.add("family", "is required; " + NAME_RULE);
    } else if (!NAME.matcher(family).matches()) {
      out.add("family", ValueText.quote(family) + " is not a valid family name; " + NAME_RULE);
    }
    var containers = request.containerDefinitions();
    if (containers == null || containers.isEmpty()) {
      out.add("containerDefinitions", (containers == null ? "is required" : "is empty")
          + "; a task definition needs at least 1 and at most " + MAX_CONTAINERS + " containers");
    } else if (containers.size() > MAX_CONTAINERS) {
      out.add("containerDefinitions", containers.size() + " containers given; a task definition"
          + " holds at most " + MAX_CONTAINERS + " (split the others into their own task definitions)");
    }
  }
}
