package dev.gantry.placement;

import java.util.List;
import java.util.Optional;

/**
 * What one task takes from its instance: CPU units, MiB of memory (the hard {@code memory} or
 * the {@code memoryReservation}, as the caller computed it), its static host ports, and how many
 * dynamic host ports (port mappings without a host port in bridge mode) the agent will take from
 * the instance's ephemeral range. {@code memoryReservationOnly} says that some container has a
 * {@code memoryReservation} but no hard {@code memory}, which a Windows instance accepts only
 * with the unbounded-memory workaround (see {@link InstanceFilter.WindowsMemory}).
 *
 * <p>{@code cpuArchitecture} is the task definition's {@code runtimePlatform.cpuArchitecture}
 * wire value ({@code X86_64}, {@code ARM64}), empty when it names none. It is not taken from the
 * instance, but it lives here rather than in {@link PlacementRequest} because the demand is what
 * every caller (RunTask, StartTask, the service scheduler) derives from the task definition in
 * one place, so no caller can leave the rule out.
 */
public record TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts,
    boolean memoryReservationOnly, int dynamicPorts, Optional<String> cpuArchitecture) {
  public TaskDemand {
    if (cpu < 0 || memory < 0 || dynamicPorts < 0) {
      throw new IllegalArgumentException("cpu, memory and dynamicPorts must be >= 0, got cpu " + cpu + ", memory "
          + memory + ", dynamicPorts " + dynamicPorts);
    }
    tcpPorts = List.copyOf(tcpPorts);
    udpPorts = List.copyOf(udpPorts);
  }

  /** A demand that names no CPU architecture. */
  public TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts,
      boolean memoryReservationOnly, int dynamicPorts) {
    this(cpu, memory, tcpPorts, udpPorts, memoryReservationOnly, dynamicPorts, Optional.empty());
  }

  /** A demand without dynamic host ports. */
  public TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts,
      boolean memoryReservationOnly) {
    this(cpu, memory, tcpPorts, udpPorts, memoryReservationOnly, 0);
  }

  public static TaskDemand of(int cpu, int memory) {
    return new TaskDemand(cpu, memory, List.of(), List.of(), false, 0);
  }

  /** This demand for a task definition whose {@code runtimePlatform.cpuArchitecture} is {@code architecture}. */
  public TaskDemand withCpuArchitecture(String architecture) {
    return new TaskDemand(cpu, memory, tcpPorts, udpPorts, memoryReservationOnly, dynamicPorts,
        Optional.of(architecture));
  }
}
