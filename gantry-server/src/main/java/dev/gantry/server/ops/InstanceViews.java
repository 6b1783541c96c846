package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.Task;
import dev.gantry.placement.InstanceView;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Container instance records as the placement engine and the cluster query language see them.
 *
 * <p>An {@link InstanceView} is built from the stored record alone (remaining resources, ports
 * taken, attributes, status, agent) plus the task groups of the instance's tasks that have not
 * stopped, which come from the cluster's task records. {@link #target} adapts a view to a
 * {@link QueryTarget}, so {@code memberOf} constraints and ListContainerInstances' {@code filter}
 * judge an instance from the same fields.
 */
final class InstanceViews {
  private InstanceViews() {}

  /** For each instance ARN, how many not-yet-stopped tasks of each group it holds. */
  static Map<String, Map<String, Integer>> groupsByInstance(StateStore store, String clusterName) {
    Map<String, Map<String, Integer>> out = new HashMap<>();
    for (Records.Versioned<Task> v : Records.all(store, Keys.tasks(clusterName), Task.class)) {
      Task t = v.value();
      if (t.containerInstanceArn() == null || "STOPPED".equals(t.lastStatus()) || t.group() == null) {
        continue;
      }
      out.computeIfAbsent(t.containerInstanceArn(), a -> new HashMap<>()).merge(t.group(), 1, Integer::sum);
    }
    return out;
  }

  static InstanceView of(ContainerInstance c, Map<String, Integer> tasksByGroup) {
    List<dev.gantry.model.Resource> remaining = Members.orEmpty(c.remainingResources());
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Attribute a : Members.orEmpty(c.attributes())) {
      if (a != null && a.name() != null) {
        attributes.put(a.name(), a.value() == null ? "" : a.value());
      }
    }
    return new InstanceView(
        c.containerInstanceArn(),
        c.ec2InstanceId() == null ? "" : c.ec2InstanceId(),
        status(c.status()),
        Boolean.TRUE.equals(c.agentConnected()),
        c.versionInfo() == null || c.versionInfo().agentVersion() == null ? "" : c.versionInfo().agentVersion(),
        Optional.ofNullable(c.registeredAt()),
        ResourceFit.integer(remaining, RegisteredResources.CPU),
        ResourceFit.integer(remaining, RegisteredResources.MEMORY),
        ports(ResourceFit.taken(remaining, RegisteredResources.PORTS)),
        ports(ResourceFit.taken(remaining, RegisteredResources.PORTS_UDP)),
        attributes,
        c.runningTasksCount() == null ? 0 : c.runningTasksCount(),
        tasksByGroup);
  }

  /** The model has no INACTIVE member; a deregistered or unknown status takes nothing new either way. */
  private static ContainerInstanceStatus status(String wire) {
    return wire == null ? ContainerInstanceStatus.DEREGISTERING
        : ContainerInstanceStatus.fromWire(wire).orElse(ContainerInstanceStatus.DEREGISTERING);
  }

  private static Set<Integer> ports(Set<String> taken) {
    Set<Integer> out = new HashSet<>();
    for (String p : taken) {
      try {
        out.add(Integer.parseInt(p.trim()));
      } catch (NumberFormatException notAPort) {
        // RegisterContainerInstance validates ports; an odd stored value cannot be a host port
      }
    }
    return out;
  }
}
