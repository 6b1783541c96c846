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
 * taken, attributes, status, agent) plus what the instance's tasks that have not stopped hold,
 * which comes from the cluster's task records: their task groups, and the dynamic host ports
 * their task definitions' port mappings take from the instance's ephemeral range. ECS reports no
 * resource for dynamic ports, so the stored record keeps none (DescribeContainerInstances shows
 * what ECS shows); they are counted from the tasks, and only for a request that needs some.
 * QueryPredicates adapts a view to a cluster query's target, so {@code memberOf} constraints and
 * ListContainerInstances' {@code filter} judge an instance from the same fields.
 */
final class InstanceViews {
  private InstanceViews() {}

  /**
   * Per instance ARN, what its tasks that have not stopped hold: how many tasks of each group, and
   * (counted only when asked, as it reads their task definitions) how many dynamic host ports.
   */
  record Holdings(Map<String, Map<String, Integer>> groups, Map<String, Integer> dynamicPorts) {
    static final Holdings NONE = new Holdings(Map.of(), Map.of());

    Map<String, Integer> groupsOf(String instanceArn) {
      return groups.getOrDefault(instanceArn, Map.of());
    }

    int dynamicPortsOf(String instanceArn) {
      return dynamicPorts.getOrDefault(instanceArn, 0);
    }
  }

  /** For each instance ARN, how many not-yet-stopped tasks of each group it holds. */
  static Map<String, Map<String, Integer>> groupsByInstance(StateStore store, String clusterName) {
    return holdings(store, clusterName, false).groups();
  }

  /** What the cluster's tasks that have not stopped hold, per instance; dynamic ports only if {@code withDynamicPorts}. */
  static Holdings holdings(StateStore store, String clusterName, boolean withDynamicPorts) {
    Map<String, Map<String, Integer>> groups = new HashMap<>();
    Map<String, Integer> dynamicPorts = new HashMap<>();
    Map<String, Integer> perDefinition = new HashMap<>();
    for (Records.Versioned<Task> v : Records.all(store, Keys.tasks(clusterName), Task.class)) {
      Task t = v.value();
      if (t.containerInstanceArn() == null || "STOPPED".equals(t.lastStatus())) {
        continue;
      }
      if (t.group() != null) {
        groups.computeIfAbsent(t.containerInstanceArn(), a -> new HashMap<>()).merge(t.group(), 1, Integer::sum);
      }
      if (withDynamicPorts && t.taskDefinitionArn() != null) {
        int ports = perDefinition.computeIfAbsent(t.taskDefinitionArn(), arn -> dynamicPorts(store, t));
        if (ports > 0) {
          dynamicPorts.merge(t.containerInstanceArn(), ports, Integer::sum);
        }
      }
    }
    return new Holdings(groups, dynamicPorts);
  }

  /** The dynamic host ports a task holds (none when its revision is gone: nothing is known to hold). */
  private static int dynamicPorts(StateStore store, Task task) {
    return Tasks.definition(task)
        .flatMap(d -> TaskDefinitionLookup.revision(store, d.family(), d.revision()))
        .map(stored -> TaskDemand.dynamicPorts(stored.value().taskDefinition()))
        .orElse(0);
  }

  static InstanceView of(ContainerInstance c, Map<String, Integer> tasksByGroup) {
    return of(c, tasksByGroup, 0);
  }

  /** The view of {@code c}, whose tasks hold {@code dynamicPortsHeld} host ports of its ephemeral range. */
  static InstanceView of(ContainerInstance c, Map<String, Integer> tasksByGroup, int dynamicPortsHeld) {
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
        tasksByGroup,
        dynamicPortsHeld);
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
