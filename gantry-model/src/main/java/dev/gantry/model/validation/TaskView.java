package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request with what every rule needs precomputed: its containers with their positions, the
 * first container of each name, and whether it targets Windows. Rules read the request through
 * this view and never change it.
 */
record TaskView(
    RegisterTaskDefinitionRequest request,
    List<Entry<ContainerDefinition>> containers,
    Map<String, Entry<ContainerDefinition>> byName,
    boolean windows) {

  static TaskView of(RegisterTaskDefinitionRequest request) {
    List<Entry<ContainerDefinition>> containers = Entry.of(request.containerDefinitions());
    Map<String, Entry<ContainerDefinition>> byName = new LinkedHashMap<>();
    for (Entry<ContainerDefinition> c : containers) {
      if (c.value().name() != null) {
        byName.putIfAbsent(c.value().name(), c);
      }
    }
    var platform = request.runtimePlatform();
    boolean windows = platform != null && platform.operatingSystemFamily() != null
        && platform.operatingSystemFamily().name().startsWith("WINDOWS_SERVER");
    return new TaskView(request, containers, Collections.unmodifiableMap(byName), windows);
  }

  /** The first container with this name; later duplicates are reported, not resolved. */
  Optional<ContainerDefinition> container(String name) {
    return Optional.ofNullable(byName.get(name)).map(Entry::value);
  }

  Set<String> containerNames() {
    return byName.keySet();
  }

  static String containerPath(int index) {
    return "containerDefinitions[" + index + "]";
  }

  /** ECS's default: a container is essential unless it says {@code essential: false}. */
  static boolean essential(ContainerDefinition container) {
    return container.essential() == null || container.essential();
  }

  String osFamily() {
    return String.valueOf(request.runtimePlatform().operatingSystemFamily());
  }

  /** Host ports are the container's own: awsvpc gives each task its own address, host shares the host's. */
  boolean hostPortIsContainerPort() {
    NetworkMode mode = request.networkMode();
    return mode == NetworkMode.AWSVPC || mode == NetworkMode.HOST;
  }

  /** Docker's bridge on Linux and Docker's nat on Windows both publish ports through a NAT. */
  boolean natNetworking() {
    return request.networkMode() == null || request.networkMode() == NetworkMode.BRIDGE;
  }

  /** The network mode as the user will recognise it, including what omitting it means. */
  String networkModeText() {
    if (request.networkMode() != null) {
      return "networkMode '" + request.networkMode() + "'";
    }
    return windows ? "networkMode omitted (Docker nat)" : "networkMode omitted (bridge)";
  }
}
