package dev.gantry.placement;

import dev.gantry.model.ContainerInstanceStatus;
import java.time.Instant;
import java.util.Locale;
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
 * ports. {@code agentVersion} is empty when unknown. {@code dynamicPortsHeld} counts the host
 * ports the agent chose from its ephemeral range for the instance's tasks (port mappings without
 * a host port); what is left of that range is {@link #remainingDynamicPorts()}.
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
    Map<String, Integer> tasksByGroup,
    int dynamicPortsHeld) {

  /**
   * The ephemeral range an agent advertises when it is not the OS default, as
   * {@code ECS_DYNAMIC_HOST_PORT_RANGE} writes it: {@code <first>-<last>}.
   */
  public static final String CPU_ARCHITECTURE = "ecs.cpu-architecture";
  public static final String DYNAMIC_HOST_PORT_RANGE = "gantry.dynamic-host-port-range";
  /** The ECS agent's default ephemeral range on Linux, 49153-65535. */
  static final int LINUX_DYNAMIC_PORTS = 65535 - 49153 + 1;
  /** Windows' default dynamic port range, 49152-65535. */
  static final int WINDOWS_DYNAMIC_PORTS = 65535 - 49152 + 1;

  public InstanceView {
    if (dynamicPortsHeld < 0) {
      throw new IllegalArgumentException("dynamicPortsHeld must be >= 0, got " + dynamicPortsHeld);
    }
    tcpPortsTaken = Set.copyOf(tcpPortsTaken);
    udpPortsTaken = Set.copyOf(udpPortsTaken);
    attributes = Map.copyOf(attributes);
    tasksByGroup = Map.copyOf(tasksByGroup);
  }

  /** An instance whose tasks hold no dynamic host ports. */
  public InstanceView(String containerInstanceArn, String ec2InstanceId, ContainerInstanceStatus status,
      boolean agentConnected, String agentVersion, Optional<Instant> registeredAt, int remainingCpu,
      int remainingMemory, Set<Integer> tcpPortsTaken, Set<Integer> udpPortsTaken, Map<String, String> attributes,
      int runningTasksCount, Map<String, Integer> tasksByGroup) {
    this(containerInstanceArn, ec2InstanceId, status, agentConnected, agentVersion, registeredAt, remainingCpu,
        remainingMemory, tcpPortsTaken, udpPortsTaken, attributes, runningTasksCount, tasksByGroup, 0);
  }

  /**
   * Dynamic host ports still free: the size of the instance's ephemeral range (the advertised
   * {@link #DYNAMIC_HOST_PORT_RANGE}, else the OS default) less {@code dynamicPortsHeld}.
   */
  public int remainingDynamicPorts() {
    return Math.max(0, dynamicPortRangeSize() - dynamicPortsHeld);
  }

  private int dynamicPortRangeSize() {
    String range = attributes.get(DYNAMIC_HOST_PORT_RANGE);
    int dash = range == null ? -1 : range.indexOf('-');
    if (dash > 0) {
      try {
        int first = Integer.parseInt(range.substring(0, dash).strip());
        int last = Integer.parseInt(range.substring(dash + 1).strip());
        if (first >= 1 && first <= last && last <= 65535) {
          return last - first + 1;
        }
      } catch (NumberFormatException notARange) {
        // an unreadable advertisement counts as none: the OS default applies
      }
    }
    boolean windows = "windows".equalsIgnoreCase(attributes.get("ecs.os-type"))
        || attributes.getOrDefault("ecs.os-family", "").regionMatches(true, 0, "WINDOWS", 0, 7);
    return windows ? WINDOWS_DYNAMIC_PORTS : LINUX_DYNAMIC_PORTS;
  }

  /** The attribute's value ({@code ""} for a valueless one), or empty when the instance lacks it. */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  /**
   * Whether a task whose runtimePlatform.cpuArchitecture is {@code wanted} (X86_64, ARM64) may run
   * here. An instance without {@code ecs.cpu-architecture} counts as x86_64, as one without
   * {@code ecs.os-family} counts as LINUX; Docker's names amd64 and aarch64 read as ECS's.
   */
  public boolean runsCpuArchitecture(String wanted) {
    return wanted.equalsIgnoreCase(wireArchitecture(attribute(CPU_ARCHITECTURE).orElse("x86_64")));
  }

  static String wireArchitecture(String attribute) {
    return switch (attribute.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "X86_64";
      case "arm64", "aarch64" -> "ARM64";
      default -> attribute;
    };
  }

  public int tasksOfGroup(String group) {
    return tasksByGroup.getOrDefault(group, 0);
  }
}
