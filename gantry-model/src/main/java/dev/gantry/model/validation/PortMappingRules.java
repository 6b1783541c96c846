package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.TransportProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port mappings, one by one and across the task. Each mapping names a container port (or a
 * containerPortRange {@code "first-last"}) and optionally a host port; awsvpc and host modes
 * bind the container port itself, so a hostPort there must be omitted or equal. Within a
 * container a port belongs to one mapping and one protocol; across the task a host port and
 * protocol are bound once. Algorithm: each mapping becomes a {@link Mapping} with the container
 * ports it covers and the host ports it claims statically (dynamic host ports claim none), then
 * pairs are compared; a conflict is reported on the later mapping only.
 */
final class PortMappingRules {
  static final int MAX_PORT = 65_535;
  /** ECS's limit of port ranges per container. */
  static final int MAX_RANGES = 100;
  private static final Pattern RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

  private PortMappingRules() {}

  /** An inclusive run of ports; a single port has {@code first == last}. */
  private record Ports(int first, int last) {
    boolean overlaps(Ports other) {
      return first <= other.last && other.first <= last;
    }

    @Override
    public String toString() {
      return first == last ? String.valueOf(first) : first + "-" + last;
    }
  }

  /** One mapping as the pair checks see it; empty host ports mean a dynamic host port. */
  private record Mapping(int container, String path, PortMapping source, Ports ports,
      Optional<Ports> hostPorts, TransportProtocol protocol) {
    boolean isRange() {
      return source.containerPortRange() != null;
    }

    Mapping withHostPorts(Optional<Ports> claimed) {
      return new Mapping(container, path, source, ports, claimed, protocol);
    }
  }

  static void check(TaskView task, Violations out) {
    List<Mapping> all = new ArrayList<>();
    for (Entry<ContainerDefinition> c : task.containers()) {
      List<Mapping> own = new ArrayList<>();
      for (Entry<PortMapping> m : Entry.of(c.value().portMappings())) {
        String path = TaskView.containerPath(c.index()) + ".portMappings[" + m.index() + "]";
        checkOne(task, c.index(), path, m.value(), out).ifPresent(own::add);
      }
      long ranges = own.stream().filter(Mapping::isRange).count();
      if (ranges > MAX_RANGES) {
        out.add(TaskView.containerPath(c.index()) + ".portMappings", ranges
            + " port ranges given; a container can have at most " + MAX_RANGES);
      }
      checkContainerPorts(own, out);
      own.forEach(m -> all.add(m.withHostPorts(hostClaim(task, m))));
    }
    checkHostPorts(task, all, out);
  }

  /** Checks one mapping; returns it for the pair checks when its container ports are usable. */
  private static Optional<Mapping> checkOne(TaskView task, int container, String path, PortMapping mapping,
      Violations out) {
    Integer hostPort = mapping.hostPort();
    if (hostPort != null && (hostPort < 0 || hostPort > MAX_PORT)) {
      out.add(path + ".hostPort", hostPort + " is not a port; hostPort must be 0 to " + MAX_PORT
          + " (0 or omitted picks a free host port)");
    }
    TransportProtocol protocol = mapping.protocol() == null ? TransportProtocol.TCP : mapping.protocol();
    if (mapping.containerPortRange() != null) {
      return containerPortRange(task, path, mapping.containerPortRange(), out)
          .map(ports -> new Mapping(container, path, mapping, ports, Optional.empty(), protocol));
    }
    Integer port = mapping.containerPort();
    if (port == null) {
      out.add(path + ".containerPort", "is required; give the port the container listens on (1 to "
          + MAX_PORT + "), or a containerPortRange such as '8000-8010'");
      return Optional.empty();
    }
    if (port < 1 || port > MAX_PORT) {
      out.add(path + ".containerPort", port + " is not a port; containerPort must be 1 to " + MAX_PORT);
      return Optional.empty();
    }
    if (task.hostPortIsContainerPort() && hostPort != null && hostPort != 0 && !hostPort.equals(port)) {
      out.add(path + ".hostPort", hostPort + " differs from containerPort " + port + "; with "
          + task.networkModeText() + " the container port is the host port, so omit hostPort or set it to " + port);
    }
    return Optional.of(new Mapping(container, path, mapping, new Ports(port, port), Optional.empty(), protocol));
  }

  private static Optional<Ports> containerPortRange(TaskView task, String path, String text, Violations out) {
    String field = path + ".containerPortRange";
    if (!task.natNetworking() && task.request().networkMode() != NetworkMode.AWSVPC) {
      out.add(field, "port ranges need networkMode bridge or awsvpc, but the task has " + task.networkModeText());
    }
    Matcher m = RANGE.matcher(text);
    String valid = "; give 'first-last' with 1 <= first < last <= " + MAX_PORT + ", e.g. '8000-8010'";
    if (!m.matches()) {
      out.add(field, ValueText.quote(text) + " is not a port range" + valid);
      return Optional.empty();
    }
    int first = Integer.parseInt(m.group(1));
    int last = Integer.parseInt(m.group(2));
    if (first < 1 || last > MAX_PORT || first >= last) {
      out.add(field, ValueText.quote(text) + " is not a valid port range" + valid);
      return Optional.empty();
    }
    return Optional.of(new Ports(first, last));
  }

  /** Host ports bound whatever the instance: explicit ones, and the container's own in awsvpc/host. */
  private static Optional<Ports> hostClaim(TaskView task, Mapping m) {
    if (m.isRange()) {
      return task.request().networkMode() == NetworkMode.AWSVPC ? Optional.of(m.ports()) : Optional.empty();
    }
    if (task.hostPortIsContainerPort()) {
      // A differing hostPort is reported on its own; the port bound is the container's regardless.
      return Optional.of(m.ports());
    }
    Integer hostPort = m.source().hostPort();
    if (hostPort != null && hostPort > 0 && hostPort <= MAX_PORT) {
      return Optional.of(new Ports(hostPort, hostPort));
    }
    return Optional.empty();
  }

  private static void checkContainerPorts(List<Mapping> own, Violations out) {
    for (int k = 1; k < own.size(); k++) {
      Mapping later = own.get(k);
      for (Mapping earlier : own.subList(0, k)) {
        if (!earlier.ports().overlaps(later.ports())) {
          continue;
        }
        if (earlier.isRange() || later.isRange()) {
          out.add(later.path() + (later.isRange() ? ".containerPortRange" : ".containerPort"),
              "ports " + later.ports() + " overlap " + earlier.path() + " (" + earlier.ports()
              + "); a container port can be in only one port mapping of a container");
          break;
        }
        if (earlier.protocol() != later.protocol()) {
          out.add(later.path() + ".protocol", "containerPort " + later.ports() + " is already mapped with"
              + " protocol " + earlier.protocol() + " by " + earlier.path() + "; ECS can't expose one"
              + " container port for several protocols, so use one protocol per container port");
          break;
        }
      }
    }
  }

  private static void checkHostPorts(TaskView task, List<Mapping> all, Violations out) {
    for (int k = 1; k < all.size(); k++) {
      Mapping later = all.get(k);
      if (later.hostPorts().isEmpty()) {
        continue;
      }
      Ports claimed = later.hostPorts().get();
      for (Mapping earlier : all.subList(0, k)) {
        // Overlapping ranges of one container are reported as container-port overlaps already.
        boolean sameContainerRange = earlier.container() == later.container() && (earlier.isRange() || later.isRange());
        if (sameContainerRange || earlier.protocol() != later.protocol()
            || earlier.hostPorts().filter(claimed::overlaps).isEmpty()) {
          continue;
        }
        String field = hostField(task, later);
        String implied = field.equals(".hostPort") ? ""
            : " (" + task.networkModeText() + " binds the container port on the host)";
        out.add(later.path() + field, "host port " + claimed + "/" + later.protocol() + implied
            + " is already bound by " + earlier.path() + "; a host port and protocol can be bound only"
            + " once per task, so use another port" + (task.natNetworking() ? " or hostPort 0 for a dynamic one" : ""));
        break;
      }
    }
  }

  private static String hostField(TaskView task, Mapping m) {
    if (m.isRange()) {
      return ".containerPortRange";
    }
    return task.hostPortIsContainerPort() ? ".containerPort" : ".hostPort";
  }
}
