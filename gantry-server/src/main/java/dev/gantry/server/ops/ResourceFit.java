package dev.gantry.server.ops;

import dev.gantry.model.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a task fits on a container instance, and the instance's remaining resources after
 * the task is placed or has stopped. Pure: works on the {@code remainingResources} list as ECS
 * reports it, where CPU and MEMORY are what is still free and PORTS / PORTS_UDP are the ports
 * already taken (the agent's reserved ones plus those of the instance's tasks).
 *
 * <p>The check answers with the first resource that is short, in ECS's order CPU, MEMORY,
 * PORTS, as the ECS failure reason ({@code RESOURCE:CPU}, ...). A task asking twice for one
 * host port never fits. (This moves to the placement engine once it exists.)
 */
final class ResourceFit {
  enum Shortfall {
    CPU("RESOURCE:CPU"), MEMORY("RESOURCE:MEMORY"), PORTS("RESOURCE:PORTS");

    final String reason;

    Shortfall(String reason) {
      this.reason = reason;
    }
  }

  private ResourceFit() {}

  /** Empty when {@code demand} fits into {@code remaining}; otherwise the first resource that is short. */
  static Optional<Shortfall> check(TaskDemand demand, List<Resource> remaining) {
    if (demand.cpu() > integer(remaining, RegisteredResources.CPU)) {
      return Optional.of(Shortfall.CPU);
    }
    if (demand.memory() > integer(remaining, RegisteredResources.MEMORY)) {
      return Optional.of(Shortfall.MEMORY);
    }
    if (!portsFree(demand.tcpPorts(), taken(remaining, RegisteredResources.PORTS))
        || !portsFree(demand.udpPorts(), taken(remaining, RegisteredResources.PORTS_UDP))) {
      return Optional.of(Shortfall.PORTS);
    }
    return Optional.empty();
  }

  /** {@code remaining} with the task's CPU and memory taken away and its host ports marked taken. */
  static List<Resource> consume(List<Resource> remaining, TaskDemand demand) {
    List<Resource> out = new ArrayList<>(remaining.size());
    for (Resource r : remaining) {
      out.add(switch (r.name()) {
        case RegisteredResources.CPU -> withInteger(r, -demand.cpu());
        case RegisteredResources.MEMORY -> withInteger(r, -demand.memory());
        case RegisteredResources.PORTS -> withPorts(r, demand.tcpPorts(), Set.of(), true);
        case RegisteredResources.PORTS_UDP -> withPorts(r, demand.udpPorts(), Set.of(), true);
        default -> r;
      });
    }
    return out;
  }

  /**
   * {@code remaining} with a stopped task's CPU and memory given back and its host ports freed,
   * except ports that are reserved in {@code registered} (those stay taken), never beyond what
   * was registered.
   */
  static List<Resource> release(List<Resource> remaining, List<Resource> registered, TaskDemand demand) {
    List<Resource> out = new ArrayList<>(remaining.size());
    for (Resource r : remaining) {
      out.add(switch (r.name()) {
        case RegisteredResources.CPU -> capped(withInteger(r, demand.cpu()), integer(registered, r.name()));
        case RegisteredResources.MEMORY -> capped(withInteger(r, demand.memory()), integer(registered, r.name()));
        case RegisteredResources.PORTS -> withPorts(r, demand.tcpPorts(), taken(registered, r.name()), false);
        case RegisteredResources.PORTS_UDP -> withPorts(r, demand.udpPorts(), taken(registered, r.name()), false);
        default -> r;
      });
    }
    return out;
  }

  private static boolean portsFree(List<Integer> wanted, Set<String> taken) {
    Set<Integer> seen = new HashSet<>();
    for (int port : wanted) {
      if (!seen.add(port) || taken.contains(Integer.toString(port))) {
        return false;
      }
    }
    return true;
  }

  static int integer(List<Resource> resources, String name) {
    return Members.orEmpty(resources).stream()
        .filter(r -> name.equals(r.name()) && r.integerValue() != null)
        .mapToInt(Resource::integerValue)
        .findFirst().orElse(0);
  }

  static Set<String> taken(List<Resource> resources, String name) {
    return Members.orEmpty(resources).stream()
        .filter(r -> name.equals(r.name()))
        .flatMap(r -> Members.orEmpty(r.stringSetValue()).stream())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static Resource withInteger(Resource r, int delta) {
    return r.toBuilder().integerValue((r.integerValue() == null ? 0 : r.integerValue()) + delta).build();
  }

  private static Resource capped(Resource r, int max) {
    return r.integerValue() > max ? r.toBuilder().integerValue(max).build() : r;
  }

  private static Resource withPorts(Resource r, List<Integer> ports, Set<String> reserved, boolean take) {
    Set<String> set = new LinkedHashSet<>(Members.orEmpty(r.stringSetValue()));
    for (int port : ports) {
      String p = Integer.toString(port);
      if (take) {
        set.add(p);
      } else if (!reserved.contains(p)) {
        set.remove(p);
      }
    }
    return r.toBuilder().stringSetValue(List.copyOf(set)).build();
  }
}
