package dev.gantry.placement;

import java.util.List;

/**
 * What one task takes from its instance: CPU units, MiB of memory (the hard {@code memory} or
 * the {@code memoryReservation}, as the caller computed it), its static host ports, and how many
 * dynamic host ports (port mappings without a host port in bridge mode) the agent will take from
 * the instance's ephemeral range. {@code memoryReservationOnly} says that some container has a
 * {@code memoryReservation} but no hard {@code memory}, which a Windows instance accepts only
 * with the unbounded-memory workaround (see {@link InstanceFilter.WindowsMemory}).
 */
public record TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts,
    boolean memoryReservationOnly, int dynamicPorts) {
  public TaskDemand {
    if (cpu < 0 || memory < 0 || dynamicPorts < 0) {
      throw new IllegalArgumentException("cpu, memory and dynamicPorts must be >= 0, got cpu " + cpu + ", memory "
          + memory + ", dynamicPorts " + dynamicPorts);
    }
    tcpPorts = List.copyOf(tcpPorts);
    udpPorts = List.copyOf(udpPorts);
  }

  /** A demand without dynamic host ports. */
  public TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts,
      boolean memoryReservationOnly) {
    this(cpu, memory, tcpPorts, udpPorts, memoryReservationOnly, 0);
  }

  public static TaskDemand of(int cpu, int memory) {
    return new TaskDemand(cpu, memory, List.of(), List.of(), false, 0);
  }
}
