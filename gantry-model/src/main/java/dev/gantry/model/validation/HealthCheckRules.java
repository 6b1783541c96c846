package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthCheck;

/** A container's healthCheck: a command to run and timings within the bounds ECS accepts (seconds). */
final class HealthCheckRules {
  private HealthCheckRules() {}

  static void check(TaskView task, Violations out) {
    for (Entry<ContainerDefinition> c : task.containers()) {
      HealthCheck health = c.value().healthCheck();
      if (health == null) {
        continue;
      }
      String path = TaskView.containerPath(c.index()) + ".healthCheck";
      var command = health.command();
      if (command == null || command.isEmpty() || command.stream().allMatch(s -> s == null || s.isBlank())) {
        out.add(path + ".command", (command == null ? "is required" : "is empty") + "; give the command,"
            + " e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]");
      }
      range(path + ".interval", health.interval(), 5, 300, "seconds", out);
      range(path + ".timeout", health.timeout(), 2, 60, "seconds", out);
      range(path + ".retries", health.retries(), 1, 10, "retries", out);
      range(path + ".startPeriod", health.startPeriod(), 0, 300, "seconds", out);
    }
  }

  private static void range(String field, Integer value, int min, int max, String unit, Violations out) {
    if (value != null && (value < min || value > max)) {
      out.add(field, value + " is out of range; give " + min + " to " + max + " " + unit);
    }
  }
}
