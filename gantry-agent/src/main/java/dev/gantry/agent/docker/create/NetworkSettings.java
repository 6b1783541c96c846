package dev.gantry.agent.docker.create;

import dev.gantry.agent.docker.create.ContainerCreateConfig.PortBinding;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.TransportProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task's network mode as Docker's, and port mappings as exposed and published ports.
 *
 * <p>An omitted networkMode is Docker's {@code bridge} on Linux and {@code nat} on Windows.
 * {@code awsvpc} joins the namespace of the task's network container, which owns the ports, so
 * nothing is published here; {@code host} and {@code none} publish nothing either. A mapping
 * whose hostPort is 0 or absent gets the port the agent allocated for it.
 */
final class NetworkSettings {
  private NetworkSettings() {}

  static void apply(CreateConfigInput input, CreateHost host, Draft draft, Reasons reasons) {
    NetworkMode mode = input.taskDefinition().networkMode();
    boolean publish = switch (mode) {
      case null -> {
        draft.networkMode = host instanceof CreateHost.Windows ? "nat" : "bridge";
        yield true;
      }
      case BRIDGE, HOST, NONE -> {
        draft.networkMode = mode.toString();
        if (host instanceof CreateHost.Windows) {
          reasons.add("networkMode", Reasons.quote(mode.toString()) + " is not supported for Windows"
              + " containers; omit networkMode for Docker's nat network, or use 'awsvpc'");
          yield false;
        }
        yield mode == NetworkMode.BRIDGE;
      }
      case AWSVPC -> {
        if (input.networkContainer().isEmpty()) {
          reasons.add("networkMode", "'awsvpc' needs the task's network container, which the agent has"
              + " not created; omit networkMode to use Docker's "
              + (host instanceof CreateHost.Windows ? "nat" : "bridge") + " network");
        }
        draft.networkMode = "container:" + input.networkContainer().orElse("");
        yield false;
      }
    };
    ContainerDefinition container = input.container();
    ports(container.portMappings(), publish, input, draft, reasons);
    draft.hostname = container.hostname();
  }

  private static void ports(List<PortMapping> mappings, boolean publish, CreateConfigInput input, Draft draft,
      Reasons reasons) {
    if (mappings == null) {
      return;
    }
    for (int i = 0; i < mappings.size(); i++) {
      PortMapping mapping = mappings.get(i);
      String field = "portMappings[" + i + "]";
      if (mapping == null) {
        continue;
      }
      if (mapping.containerPortRange() != null) {
        reasons.add(field + ".containerPortRange", Reasons.quote(mapping.containerPortRange())
            + ": port ranges are not supported by the Gantry agent; map each containerPort");
        continue;
      }
      if (mapping.containerPort() == null) {
        reasons.add(field + ".containerPort", "a port mapping needs a containerPort");
        continue;
      }
      TransportProtocol protocol = mapping.protocol() == null ? TransportProtocol.TCP : mapping.protocol();
      String port = mapping.containerPort() + "/" + protocol;
      draft.exposedPorts.put(port, Map.of());
      if (!publish) {
        continue;
      }
      Integer hostPort = mapping.hostPort();
      if (hostPort == null || hostPort == 0) {
        hostPort = input.hostPorts().get(port);
        if (hostPort == null) {
          reasons.add(field + ".hostPort", "no host port was allocated on this host for container port "
              + port + "; the agent allocates one for every mapping whose hostPort is 0 or absent");
          continue;
        }
      }
      draft.portBindings.computeIfAbsent(port, k -> new ArrayList<>())
          .add(new PortBinding(null, String.valueOf(hostPort)));
    }
  }
}
