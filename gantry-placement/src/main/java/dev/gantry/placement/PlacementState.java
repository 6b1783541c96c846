package dev.gantry.placement;

import java.util.HashSet;
import java.util.Set;

/**
 * The snapshot as it changes during one {@link PlacementEngine#place} call: remaining CPU and
 * memory, ports taken, dynamic host ports left, and tasks of the request's group per instance, in flat arrays indexed
 * like {@code snapshot.instances()} so the per-task loop touches no maps. The arrays start as
 * copies of the snapshot's columns (a memory copy, not a read of every instance). Mutable,
 * confined to one call.
 */
final class PlacementState {
  final ClusterSnapshot snapshot;
  final PlacementRequest request;
  private final int[] cpu;
  private final int[] memory;
  private final int[] groupTasks;
  /** Dynamic host ports left per instance; empty unless the request needs some. */
  private final int[] dynamicPorts;
  /** Ports this call's placements took, per instance; null until the first one. */
  private final Set<Integer>[] tcpTaken;
  private final Set<Integer>[] udpTaken;

  @SuppressWarnings("unchecked")
  PlacementState(ClusterSnapshot snapshot, PlacementRequest request) {
    this.snapshot = snapshot;
    this.request = request;
    int n = snapshot.size();
    cpu = snapshot.remainingCpu().clone();
    memory = snapshot.remainingMemory().clone();
    groupTasks = snapshot.groupTasks(request.group()).clone();
    // only touched for the request's own ports: a request without any allocates nothing here
    tcpTaken = new Set[request.demand().tcpPorts().isEmpty() ? 0 : n];
    udpTaken = new Set[request.demand().udpPorts().isEmpty() ? 0 : n];
    dynamicPorts = new int[request.demand().dynamicPorts() == 0 ? 0 : n];
    for (int i = 0; i < dynamicPorts.length; i++) {
      dynamicPorts[i] = snapshot.view(i).remainingDynamicPorts();
    }
  }

  PlacementRequest request() {
    return request;
  }

  int size() {
    return snapshot.size();
  }

  InstanceView view(int i) {
    return snapshot.view(i);
  }

  boolean active(int i) {
    return snapshot.active(i);
  }

  boolean agentConnected(int i) {
    return snapshot.agentConnected(i);
  }

  /** The snapshot's classes of instances by the values of {@code names} (sorted, distinct). */
  AttributeColumn attributes(java.util.List<String> names) {
    return snapshot.attributes(names);
  }

  int remainingCpu(int i) {
    return cpu[i];
  }

  int remainingMemory(int i) {
    return memory[i];
  }

  int groupTasks(int i) {
    return groupTasks[i];
  }

  /** Dynamic host ports left on instance {@code i}; only asked when the request needs some. */
  int remainingDynamicPorts(int i) {
    return dynamicPorts[i];
  }

  boolean tcpPortFree(int i, int port) {
    return !snapshot.view(i).tcpPortsTaken().contains(port) && (tcpTaken[i] == null || !tcpTaken[i].contains(port));
  }

  boolean udpPortFree(int i, int port) {
    return !snapshot.view(i).udpPortsTaken().contains(port) && (udpTaken[i] == null || !udpTaken[i].contains(port));
  }

  /** Takes one task's demand from instance {@code i}. */
  void place(int i) {
    TaskDemand d = request.demand();
    cpu[i] -= d.cpu();
    memory[i] -= d.memory();
    groupTasks[i]++;
    if (d.dynamicPorts() > 0) {
      dynamicPorts[i] -= d.dynamicPorts();
    }
    if (!d.tcpPorts().isEmpty()) {
      tcpTaken[i] = tcpTaken[i] == null ? new HashSet<>() : tcpTaken[i];
      tcpTaken[i].addAll(d.tcpPorts());
    }
    if (!d.udpPorts().isEmpty()) {
      udpTaken[i] = udpTaken[i] == null ? new HashSet<>() : udpTaken[i];
      udpTaken[i].addAll(d.udpPorts());
    }
  }
}
