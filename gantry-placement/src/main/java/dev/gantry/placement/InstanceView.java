package dev.gantry.placement;

import dev.gantry.model.ContainerInstanceStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One container instance as placement sees it: what is still free on it, what it advertises,
 * and how many tasks of each task group already run there ({@code service:<name>} for a
 * service's tasks, {@code family:<name>} or a user group for standalone ones).
 *
 * <p>{@code attributes} maps an attribute name to its value; an attribute without a value maps
 * to the empty string. {@code tcpPortsTaken}/{@code udpPortsTaken} include the agent's reserved
 * ports. {@code agentVersion} is empty when unknown.
 */
public record InstanceView(
    String containerInstanceArn,
    String ec2InstanceId,
    ContainerInstanceStatus status,
    boolean agentConnected,
    String agentVersion,
    Optional<Instant> registeredAt,
    int remainingCpu,
    int remainingMemory,
    Set<Integer> tcpPortsTaken,
    Set<Integer> udpPortsTaken,
    Map<String, String> attributes,
    int runningTasksCount,
    Map<String, Integer> tasksByGroup) {

  public InstanceView {
    tcpPortsTaken = Set.copyOf(tcpPortsTaken);
    udpPortsTaken = Set.copyOf(udpPortsTaken);
    attributes = Map.copyOf(attributes);
    tasksByGroup = Map.copyOf(tasksByGroup);
  }

  /** The attribute's value ({@code ""} for a valueless one), or empty when the instance lacks it. */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  public int tasksOfGroup(String group) {
    return tasksByGroup.getOrDefault(group, 0);
  }
}
