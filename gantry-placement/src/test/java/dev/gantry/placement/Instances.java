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
        Set.of(), Map.of("ecs.os-family", "LINUX"), 0, Map.of()));
  }

  Instances status(ContainerInstanceStatus status) {
    InstanceView v = view;
    return new Instances(new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), status, v.agentConnected(),
        v.agentVersion(), v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(),
        v.udpPortsTaken(), v.attributes(), v.runningTasksCount(), v.tasksByGroup()));
  }

  Instances disconnected() {
    InstanceView v = view;
    return new Instances(new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), false,
        v.agentVersion(), v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(),
        v.udpPortsTaken(), v.attributes(), v.runningTasksCount(), v.tasksByGroup()));
  }

  Instances udpTaken(Set<Integer> udp) {
    InstanceView v = view;
    return new Instances(new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), v.agentConnected(),
        v.agentVersion(), v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(),
        udp, v.attributes(), v.runningTasksCount(), v.tasksByGroup()));
  }

  Instances attribute(String name, String value) {
    InstanceView v = view;
    Map<String, String> attributes = new HashMap<>(v.attributes());
    attributes.put(name, value);
    return new Instances(new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), v.agentConnected(),
        v.agentVersion(), v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(),
        v.udpPortsTaken(), attributes, v.runningTasksCount(), v.tasksByGroup()));
  }

  Instances tasksOf(String group, int tasks) {
    InstanceView v = view;
    Map<String, Integer> groups = new HashMap<>(v.tasksByGroup());
    groups.put(group, tasks);
    return new Instances(new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), v.agentConnected(),
        v.agentVersion(), v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(),
        v.udpPortsTaken(), v.attributes(), v.runningTasksCount() + tasks, groups));
  }
}
