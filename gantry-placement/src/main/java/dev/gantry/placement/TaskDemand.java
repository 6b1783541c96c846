package dev.gantry.placement;

import java.util.List;

/**
 * What one task takes from its instance: CPU units, MiB of memory (the hard {@code memory} or
 * the {@code memoryReservation}, as the caller computed it), and its static host ports.
 * {@code memoryReservationOnly} says that some container has a {@code memoryReservation} but no
 * hard {@code memory}, which a Windows instance accepts only with the unbounded-memory
 * workaround (see {@link InstanceFilter.WindowsMemory}).
 */
public record TaskDemand(int cpu, int memory, List<Integer> tcpPorts, List<Integer> udpPorts,
    boolean memoryReservationOnly) {
  public TaskDemand {
    if (cpu < 0 || memory < 0) {
      throw new IllegalArgumentException("cpu and memory must be >= 0, got cpu " + cpu + ", memory " + memory);
    }
    tcpPorts = List.copyOf(tcpPorts);
    udpPorts = List.copyOf(udpPorts);
  }

  public static TaskDemand of(int cpu, int memory) {
    return new TaskDemand(cpu, memory, List.of(), List.of(), false);
  }
}
