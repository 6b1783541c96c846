package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import java.util.HashMap;
import java.util.Map;

/**
 * Each container's identity: a valid, unique name and an image; and the task as a whole keeps
 * at least one essential container, since ECS stops a task when its essential containers exit.
 */
final class ContainerRules {
  private ContainerRules() {}

  static void check(TaskView task, Violations out) {
    Map<String, Integer> seen = new HashMap<>();
    boolean anyEssential = false;
    for (Entry<ContainerDefinition> c : task.containers()) {
      String path = TaskView.containerPath(c.index());
      ContainerDefinition container = c.value();
      checkName(path, container.name(), seen, c.index(), out);
      String image = container.image();
      if (image == null || image.isBlank()) {
        out.add(path + ".image", (image == null ? "is required" : ValueText.quote(image) + " is blank")
            + "; give the image to run, e.g. 'nginx:1.27' or 'registry.example.com/team/app:3'");
      }
      if (container.cpu() != null && container.cpu() < 0) {
        out.add(path + ".cpu", container.cpu() + " is negative; cpu units must be 0 or more (1024 = one vCPU)");
      }
      anyEssential |= TaskView.essential(container);
    }
    if (!task.containers().isEmpty() && !anyEssential) {
      out.add("containerDefinitions", "every container sets essential: false; at least one container"
          + " must be essential (essential defaults to true)");
    }
  }

  private static void checkName(String path, String name, Map<String, Integer> seen, int index, Violations out) {
    if (name == null || name.isEmpty()) {
      out.add(path + ".name", "is required; " + TaskRules.NAME_RULE);
      return;
    }
    if (!TaskRules.NAME.matcher(name).matches()) {
      out.add(path + ".name", ValueText.quote(name) + " is not a valid container name; " + TaskRules.NAME_RULE);
    }
    Integer first = seen.putIfAbsent(name, index);
    if (first != null) {
      out.add(path + ".name", ValueText.quote(name) + " is already the name of "
          + TaskView.containerPath(first) + "; container names must be unique within a task definition");
    }
  }
}
