package dev.gantry.placement;

import dev.gantry.model.ContainerInstanceStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds {@link InstanceView}s for tests: an ACTIVE, connected Linux instance unless told otherwise. */
record Instances(InstanceView view) {
  static Instances instance(String id, int cpu, int memory) {
    return new Instances(new InstanceView("arn:aws:ecs:us-east-1:000000000000:container-instance/c/" + id, id,
        ContainerInstanceStatus.ACTIVE, true, "1.80.0", Optional.empty(), cpu, memory, Set.of(22, 2375, 2376, 51678),
        Set.of(), Map.of("ecs.os-family", "LINUX"), 0, Map.of(), 0));
  }

  private Instances with(ContainerInstanceStatus status, boolean agentConnected, Set<Integer> udp,
      Map<String, String> attributes, int runningTasks, Map<String, Integer> groups, int dynamicPortsHeld) {
    InstanceView v = view;
    return new Instances(new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), status, agentConnected,
        v.agentVersion(), v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(), udp, attributes,
        runningTasks, groups, dynamicPortsHeld));
  }

  Instances status(ContainerInstanceStatus status) {
    InstanceView v = view;
    return with(status, v.agentConnected(), v.udpPortsTaken(), v.attributes(), v.runningTasksCount(), v.tasksByGroup(),
        v.dynamicPortsHeld());
  }

  Instances disconnected() {
    InstanceView v = view;
    return with(v.status(), false, v.udpPortsTaken(), v.attributes(), v.runningTasksCount(), v.tasksByGroup(),
        v.dynamicPortsHeld());
  }

  Instances udpTaken(Set<Integer> udp) {
    InstanceView v = view;
    return with(v.status(), v.agentConnected(), udp, v.attributes(), v.runningTasksCount(), v.tasksByGroup(),
        v.dynamicPortsHeld());
  }

  Instances attribute(String name, String value) {
    InstanceView v = view;
    Map<String, String> attributes = new HashMap<>(v.attributes());
    attributes.put(name, value);
    return with(v.status(), v.agentConnected(), v.udpPortsTaken(), attributes, v.runningTasksCount(), v.tasksByGroup(),
        v.dynamicPortsHeld());
  }

  Instances tasksOf(String group, int tasks) {
    InstanceView v = view;
    Map<String, Integer> groups = new HashMap<>(v.tasksByGroup());
    groups.put(group, tasks);
    return with(v.status(), v.agentConnected(), v.udpPortsTaken(), v.attributes(), v.runningTasksCount() + tasks, groups,
        v.dynamicPortsHeld());
  }

  /** The instance's tasks hold {@code ports} host ports from its ephemeral range. */
  Instances dynamicPortsHeld(int ports) {
    InstanceView v = view;
    return with(v.status(), v.agentConnected(), v.udpPortsTaken(), v.attributes(), v.runningTasksCount(),
        v.tasksByGroup(), ports);
  }
}
