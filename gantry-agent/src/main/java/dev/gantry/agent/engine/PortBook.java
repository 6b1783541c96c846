package dev.gantry.agent.engine;

import dev.gantry.agent.config.PortRange;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.PortMapping;
import dev.gantry.model.TransportProtocol;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host ports this agent's tasks hold, shared by all task workers: dynamic ports come from
 * {@link HostPortAllocator} and are checked free by binding them for a moment (TCP or UDP);
 * ports go back when their task's containers are removed.
 */
final class PortBook {
  private final PortRange range;
  private final Set<String> reserved = new HashSet<>();
  private final Set<String> held = new HashSet<>();
  private int cursor;

  PortBook(PortRange range, List<Integer> reservedTcp, List<Integer> reservedUdp) {
    this.range = range;
    this.cursor = range.start();
    reservedTcp.forEach(p -> reserved.add(p + "/tcp"));
    reservedUdp.forEach(p -> reserved.add(p + "/udp"));
  }

  /** Host ports for the mappings whose hostPort is 0 or absent, now held for the caller. */
  synchronized Map<String, Integer> allocate(List<PortMapping> mappings) {
    HostPortAllocator.Allocation a = HostPortAllocator.allocate(mappings, range, cursor, held, reserved,
        PortBook::free);
    cursor = a.nextCursor();
    a.hostPorts().forEach((name, port) -> held.add(port + "/" + name.substring(name.indexOf('/') + 1)));
    return a.hostPorts();
  }

  /** Marks ports a container already publishes (an adopted one, static host ports) as held. */
  synchronized void hold(Collection<NetworkBinding> bindings) {
    bindings.forEach(b -> held.add(key(b)));
  }

  synchronized void release(Collection<NetworkBinding> bindings) {
    bindings.forEach(b -> held.remove(key(b)));
  }

  synchronized boolean holds(int port, TransportProtocol protocol) {
    return held.contains(port + "/" + protocol);
  }

  private static String key(NetworkBinding b) {
    return b.hostPort() + "/" + (b.protocol() == null ? TransportProtocol.TCP : b.protocol());
  }

  /** Whether nothing on the host listens on {@code port}: bind it on every address and let go at once. */
  static boolean free(int port, TransportProtocol protocol) {
    try {
      if (protocol == TransportProtocol.UDP) {
        try (DatagramSocket s = new DatagramSocket(null)) {
          s.bind(new InetSocketAddress(port));
        }
      } else {
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(false);
          s.bind(new InetSocketAddress(port));
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
