package dev.gantry.server.ops;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RuntimePlatform;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.model.TransportProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one task takes from the container instance it runs on: CPU units, MiB of memory, the
 * static host ports of its port mappings (TCP and UDP apart), and how many dynamic host ports
 * the agent picks for it from the instance's ephemeral range. Computed the same way when a task
 * is placed and when it stops, so that exactly what was taken is given back.
 *
 * <p>ECS's rules: a task-level cpu/memory (possibly overridden) is what the task reserves;
 * without one, the containers' sum counts, a container reserving its {@code memoryReservation}
 * when it has one and its hard {@code memory} otherwise. Host ports count in bridge and host
 * network mode only (awsvpc tasks get their own network namespace). A static one is a host
 * port given (or, in host mode, the container port); in bridge mode (also the default network
 * mode: bridge on Linux, nat on Windows) host port 0 or absent is one dynamic port, and a
 * {@code containerPortRange} as many as it spans. Port mappings cannot be overridden, so the
 * dynamic count follows from the task definition alone ({@link #dynamicPorts(TaskDefinition)}).
 */
record TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts, int dynamicPorts) {
  static final TaskDemand NONE = new TaskDemand(0, 0, List.of(), List.of(), 0);

  TaskDemand {
    tcpPorts = List.copyOf(tcpPorts);
    udpPorts = List.copyOf(udpPorts);
  }

  /** The demand of a task of {@code definition} run with {@code overrides} (null for none). */
  static TaskDemand of(TaskDefinition definition, TaskOverride overrides) {
    Map<String, ContainerOverride> byName = containerOverrides(overrides);
    int cpu = 0;
    int memory = 0;
    List<Integer> tcp = new ArrayList<>();
    List<Integer> udp = new ArrayList<>();
    boolean hostPorts = definition.networkMode() != NetworkMode.AWSVPC && definition.networkMode() != NetworkMode.NONE;
    for (ContainerDefinition c : Members.orEmpty(definition.containerDefinitions())) {
      Optional<ContainerOverride> o = Optional.ofNullable(byName.get(c.name()));
      cpu += orZero(o.map(ContainerOverride::cpu).orElse(c.cpu()));
      memory += reservedMemory(c, o);
      if (hostPorts) {
        for (PortMapping m : Members.orEmpty(c.portMappings())) {
          staticHostPort(m, definition.networkMode()).ifPresent(p -> (m.protocol() == TransportProtocol.UDP ? udp : tcp).add(p));
        }
      }
    }
    String taskCpu = overrides != null && overrides.cpu() != null ? overrides.cpu() : definition.cpu();
    String taskMemory = overrides != null && overrides.memory() != null ? overrides.memory() : definition.memory();
    return new TaskDemand(units(taskCpu).orElse(cpu), units(taskMemory).orElse(memory), tcp, udp,
        dynamicPorts(definition));
  }

  /** Host ports the agent picks from the ephemeral range for a task of {@code definition}. */
  static int dynamicPorts(TaskDefinition definition) {
    if (definition.networkMode() != null && definition.networkMode() != NetworkMode.BRIDGE) {
      return 0;
    }
    int n = 0;
    for (ContainerDefinition c : Members.orEmpty(definition.containerDefinitions())) {
      for (PortMapping m : Members.orEmpty(c.portMappings())) {
        if (m.containerPortRange() != null) {
          n += rangeSize(m.containerPortRange());
        } else if (m.hostPort() == null || m.hostPort() == 0) {
          n++;
        }
      }
    }
    return n;
  }

  /** The ports {@code first-last} spans; RegisterTaskDefinition validated the form. */
  private static int rangeSize(String range) {
    int dash = range.indexOf('-');
    try {
      return dash < 0 ? 1
          : Integer.parseInt(range.substring(dash + 1).trim()) - Integer.parseInt(range.substring(0, dash).trim()) + 1;
    } catch (NumberFormatException unreadable) {
      return 0;
    }
  }

  /**
   * The demand as the placement engine takes it, with whether some container reserves memory
   * with {@code memoryReservation} but sets no hard {@code memory} (Windows instances accept that
   * only with the unbounded-memory workaround), and the task definition's
   * {@code runtimePlatform.cpuArchitecture}, which instances must match.
   */
  static dev.gantry.placement.TaskDemand forPlacement(TaskDefinition definition, TaskOverride overrides) {
    TaskDemand d = of(definition, overrides);
    Map<String, ContainerOverride> byName = containerOverrides(overrides);
    boolean reservationOnly = Members.orEmpty(definition.containerDefinitions()).stream().anyMatch(c -> {
      Optional<ContainerOverride> o = Optional.ofNullable(byName.get(c.name()));
      return o.map(ContainerOverride::memoryReservation).orElse(c.memoryReservation()) != null
          && o.map(ContainerOverride::memory).orElse(c.memory()) == null;
    });
    return new dev.gantry.placement.TaskDemand(d.cpu(), d.memory(), d.tcpPorts(), d.udpPorts(), reservationOnly,
        d.dynamicPorts(), Optional.ofNullable(definition.runtimePlatform()).map(RuntimePlatform::cpuArchitecture)
            .map(Object::toString));
  }

  /** A container's memory reservation: its soft limit when set, else its hard limit (overrides first). */
  static int reservedMemory(ContainerDefinition c, Optional<ContainerOverride> o) {
    Integer reservation = o.map(ContainerOverride::memoryReservation).orElse(c.memoryReservation());
    Integer hard = o.map(ContainerOverride::memory).orElse(c.memory());
    return orZero(reservation != null ? reservation : hard);
  }

  static Map<String, ContainerOverride> containerOverrides(TaskOverride overrides) {
    if (overrides == null) {
      return Map.of();
    }
    return Members.orEmpty(overrides.containerOverrides()).stream()
        .filter(o -> o != null && o.name() != null)
        .collect(Collectors.toMap(ContainerOverride::name, Function.identity(), (a, b) -> b));
  }

  private static Optional<Integer> staticHostPort(PortMapping m, NetworkMode mode) {
    if (m.containerPortRange() != null) {
      return Optional.empty();
    }
    Integer host = mode == NetworkMode.HOST && (m.hostPort() == null || m.hostPort() == 0) ? m.containerPort() : m.hostPort();
    return host == null || host == 0 ? Optional.empty() : Optional.of(host);
  }

  /** Task sizes are stored as plain numbers (RegisterTaskDefinition converts "1 vCPU" and "2 GB"). */
  private static Optional<Integer> units(String size) {
    if (size == null || size.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(size.trim()));
    } catch (NumberFormatException notPlain) {
      return Optional.empty();
    }
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }
}
