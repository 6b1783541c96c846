package dev.gantry.agent.engine;

import dev.gantry.agent.config.PortRange;
import dev.gantry.model.PortMapping;
import dev.gantry.model.TransportProtocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Host ports for port mappings whose hostPort is 0 or absent, from ECS_DYNAMIC_HOST_PORT_RANGE.
 *
 * <p>Algorithm: walk the range round-robin from {@code cursor} (so a port just released is not
 * handed out again at once), skipping ports other tasks of this agent hold, reserved ports, and
 * ports {@code free} says are taken (the adapter tries to bind them). Pure apart from
 * {@code free}; the caller keeps the cursor and the set of held ports.
 */
public final class HostPortAllocator {
  private HostPortAllocator() {}

  /** Ports found keyed by Docker's port name (8080/tcp), and where the next search starts. */
  public record Allocation(Map<String, Integer> hostPorts, int nextCursor) {
    public Allocation {
      hostPorts = Map.copyOf(hostPorts);
    }
  }

  /**
   * @param held "port/protocol" names (49153/tcp) already held by this agent's tasks
   * @param free whether a port is free on the host for a protocol
   * @throws IllegalStateException when the range has no free port left, naming the range
   */
  public static Allocation allocate(List<PortMapping> mappings, PortRange range, int cursor, Set<String> held,
      Set<String> reserved, BiPredicate<Integer, TransportProtocol> free) {
    Map<String, Integer> out = new LinkedHashMap<>();
    int size = range.end() - range.start() + 1;
    int next = range.contains(cursor) ? cursor : range.start();
    for (PortMapping m : mappings == null ? List.<PortMapping>of() : mappings) {
      if (m == null || m.containerPort() == null || m.hostPort() != null && m.hostPort() != 0) {
        continue;
      }
      TransportProtocol protocol = m.protocol() == null ? TransportProtocol.TCP : m.protocol();
      String name = m.containerPort() + "/" + protocol;
      if (out.containsKey(name)) {
        continue;
      }
      int found = -1;
      for (int i = 0; i < size && found < 0; i++) {
        int port = range.start() + Math.floorMod(next - range.start() + i, size);
        String key = port + "/" + protocol;
        if (!held.contains(key) && !reserved.contains(key) && !out.containsValue(port) && free.test(port, protocol)) {
          found = port;
        }
      }
      if (found < 0) {
        throw new IllegalStateException("no free host port left in ECS_DYNAMIC_HOST_PORT_RANGE " + range
            + " for container port " + name);
      }
      out.put(name, found);
      next = found == range.end() ? range.start() : found + 1;
    }
    return new Allocation(out, next);
  }
}
