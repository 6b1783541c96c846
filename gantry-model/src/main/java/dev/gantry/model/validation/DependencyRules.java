package dev.gantry.model.validation;

import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * {@code dependsOn}: each entry names another container of the task and a condition that
 * container can reach. HEALTHY needs the other container to have a healthCheck; COMPLETE and
 * SUCCESS wait for the other container to exit, which ECS refuses for an essential container
 * (its exit stops the task). Finally the dependencies may not form a cycle, since no container
 * of a cycle could ever start; each cycle is reported as its path.
 */
final class DependencyRules {
  static final String CONDITIONS = "START, COMPLETE, SUCCESS or HEALTHY";

  private DependencyRules() {}

  static void check(TaskView task, Violations out) {
    for (Entry<ContainerDefinition> c : task.containers()) {
      String path = TaskView.containerPath(c.index());
      for (Entry<ContainerDependency> d : Entry.of(c.value().dependsOn())) {
        checkOne(task, c.value().name(), path + ".dependsOn[" + d.index() + "]", d.value(), out);
      }
    }
    checkCycles(task, out);
  }

  private static void checkOne(TaskView task, String self, String path, ContainerDependency dependency,
      Violations out) {
    String name = dependency.containerName();
    ContainerCondition condition = dependency.condition();
    if (condition == null) {
      out.add(path + ".condition", "is required; use " + CONDITIONS);
    }
    if (name == null || name.isEmpty()) {
      out.add(path + ".containerName", "is required; name another container of this task definition: "
          + ValueText.quoteAll(task.containerNames()));
      return;
    }
    if (name.equals(self)) {
      out.add(path + ".containerName", ValueText.quote(name) + " is this container itself; a container"
          + " can only depend on other containers");
      return;
    }
    var target = task.container(name);
    if (target.isEmpty()) {
      out.add(path + ".containerName", ValueText.quote(name) + " is not a container of this task definition;"
          + " containers are " + ValueText.quoteAll(task.containerNames()));
      return;
    }
    if (condition == ContainerCondition.HEALTHY && target.get().healthCheck() == null) {
      out.add(path + ".condition", "HEALTHY needs " + ValueText.quote(name) + " to have a healthCheck, and it"
          + " has none; add a healthCheck to " + ValueText.quote(name) + " or use START");
    }
    boolean waitsForExit = condition == ContainerCondition.COMPLETE || condition == ContainerCondition.SUCCESS;
    if (waitsForExit && TaskView.essential(target.get())) {
      out.add(path + ".condition", condition + " waits for " + ValueText.quote(name) + " to exit, but "
          + ValueText.quote(name) + " is essential (essential defaults to true) and its exit stops the task;"
          + " set essential: false on " + ValueText.quote(name) + " or use START or HEALTHY");
    }
  }

  private static void checkCycles(TaskView task, Violations out) {
    SequencedMap<String, List<String>> edges = new LinkedHashMap<>();
    for (Entry<ContainerDefinition> c : task.containers()) {
      if (c.value().name() == null) {
        continue;
      }
      List<String> targets = edges.computeIfAbsent(c.value().name(), k -> new ArrayList<>());
      for (Entry<ContainerDependency> d : Entry.of(c.value().dependsOn())) {
        if (d.value().containerName() != null) {
          targets.add(d.value().containerName());
        }
      }
    }
    for (List<String> cycle : DependencyGraph.cycles(edges)) {
      int first = task.byName().get(cycle.getFirst()).index();
      out.add(TaskView.containerPath(first) + ".dependsOn", "the containers depend on each other in a cycle: "
          + String.join(" -> ", cycle) + "; none of them could ever start, so remove one of these dependencies");
    }
  }
}
