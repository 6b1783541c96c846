package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;

/**
 * {@code links} ({@code "name"} or {@code "name:alias"}) connect containers over Docker's legacy
 * bridge links: each must name another container of the task, and the task must use the bridge
 * network. Windows tasks are left to {@link WindowsRules}, which rejects links outright.
 */
final class LinkRules {
  private LinkRules() {}

  static void check(TaskView task, Violations out) {
    if (task.windows()) {
      return;
    }
    for (Entry<ContainerDefinition> c : task.containers()) {
      var links = c.value().links();
      if (links == null || links.isEmpty()) {
        continue;
      }
      String path = TaskView.containerPath(c.index()) + ".links";
      if (!task.natNetworking()) {
        out.add(path, "links need the bridge network mode, but the task has " + task.networkModeText()
            + "; containers of such a task reach each other without links (remove links)");
      }
      for (Entry<String> link : Entry.of(links)) {
        checkOne(task, c.value().name(), path + "[" + link.index() + "]", link.value(), out);
      }
    }
  }

  private static void checkOne(TaskView task, String self, String path, String link, Violations out) {
    int colon = link.indexOf(':');
    String name = colon < 0 ? link : link.substring(0, colon);
    if (name.isEmpty() || colon == link.length() - 1) {
      out.add(path, ValueText.quote(link) + " is not a link; give 'name' or 'name:alias' where name is"
          + " another container of this task definition");
    } else if (name.equals(self)) {
      out.add(path, ValueText.quote(link) + " links the container to itself; link to another container");
    } else if (task.container(name).isEmpty()) {
      out.add(path, ValueText.quote(name) + " is not a container of this task definition; containers are "
          + ValueText.quoteAll(task.containerNames()));
    }
  }
}
