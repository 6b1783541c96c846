package dev.gantry.server.ops;

import dev.gantry.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A container instance's instance's remaining resources after
 * the task is placed or has stopped. Pure: works on the {@code remainingResources} list as ECS
 * reports it, where CPU and MEMORY are what is still free and PORTS / PORTS_UDP are the ports
 * already taken (the agent's reserved ones plus those of the instance's tasks).
 *
 * <p>Whether a task fits is the placement engine's question (its resource filters over
 * {@link InstanceViews}); this class only keeps the stored record in step with placements.
 */
final class ResourceFit {
  private ResourceFit() {}

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
