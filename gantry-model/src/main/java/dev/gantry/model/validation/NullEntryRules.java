package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import java.util.List;

/**
 * JSON {@code null} inside the lists the other rules walk ({@code "portMappings": [null]}).
 * Reported here once, so the other rules can simply skip such elements.
 */
final class NullEntryRules {
  private NullEntryRules() {}

  static void check(TaskView task, Violations out) {
    report("containerDefinitions", task.request().containerDefinitions(), "a container definition", out);
    report("volumes", task.request().volumes(), "a volume", out);
    for (Entry<ContainerDefinition> c : task.containers()) {
      String path = TaskView.containerPath(c.index());
      ContainerDefinition container = c.value();
      report(path + ".portMappings", container.portMappings(), "a port mapping", out);
      report(path + ".links", container.links(), "a container name", out);
      report(path + ".mountPoints", container.mountPoints(), "a mount point", out);
      report(path + ".volumesFrom", container.volumesFrom(), "a volumesFrom entry", out);
      report(path + ".dependsOn", container.dependsOn(), "a container dependency", out);
    }
  }

  private static void report(String path, List<?> list, String expected, Violations out) {
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        out.add(path + "[" + i + "]", "is null; each element must be " + expected);
      }
    }
  }
}
