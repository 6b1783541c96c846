package dev.gantry.agent.engine;

import dev.gantry.agent.engine.ContainerRuntime.ContainerView;
import dev.gantry.agent.metadata.AgentStatus;
import dev.gantry.agent.metadata.ContainerMetadata;
import dev.gantry.agent.metadata.TaskMetadata;
import dev.gantry.model.Container;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.TaskDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One task's engine state as the metadata endpoint shows it: pure, run by the task's worker
 * after each step. Statuses are the ECS agent's own (a container's step, the task's the least
 * step of its containers until it runs or stops); Docker facts (image id, creation time,
 * addresses, labels) come from the worker's last inspect of each container.
 *
 * @param controlStatus the task's status as reported to the server (PENDING, RUNNING, STOPPED)
 */
record TaskMetadataFacts(String cluster, String availabilityZone, DesiredTask desired, TaskDefinition definition,
    String controlStatus, Map<String, ContainerState> states, Map<String, ContainerView> views,
    Map<String, String> dockerNames, Optional<Instant> pullStartedAt, Optional<Instant> pullStoppedAt,
    Optional<Instant> executionStoppedAt) {

  private static final Pattern AMOUNT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");
  private static final String SERVICE_GROUP = "service:";

  TaskMetadata metadata() {
    AgentStatus desiredStatus = desired.desiredStopped() ? AgentStatus.STOPPED : AgentStatus.RUNNING;
    TaskMetadata.Builder b = TaskMetadata.builder(cluster, desired.taskArn(), String.valueOf(definition.family()),
        definition.revision() == null ? 0 : definition.revision())
        .desiredStatus(desiredStatus).knownStatus(taskStatus())
        .limits((int) units(definition.cpu(), "vcpu", 1024), units(definition.memory(), "gb", 1024))
        .availabilityZone(availabilityZone);
    pullStartedAt.ifPresent(b::pullStartedAt);
    pullStoppedAt.ifPresent(b::pullStoppedAt);
    executionStoppedAt.ifPresent(b::executionStoppedAt);
    String group = desired.task().group();
    if (group != null && group.startsWith(SERVICE_GROUP)) {
      b.serviceName(group.substring(SERVICE_GROUP.length()));
    }
    for (ContainerDefinition d : definitions()) {
      ContainerState s = states.get(d.name());
      if (s != null) {
        b.container(container(d, s, desiredStatus));
      }
    }
    return b.build();
  }

  private ContainerMetadata container(ContainerDefinition d, ContainerState s, AgentStatus desiredStatus) {
    Optional<ContainerView> view = Optional.ofNullable(views.get(d.name()));
    ContainerMetadata.Builder b = ContainerMetadata.builder(d.name(), String.valueOf(d.image()))
        .desiredStatus(desiredStatus).knownStatus(status(s.status()))
        .limits(d.cpu() == null ? 0 : d.cpu(), d.memory() == null ? 0 : d.memory());
    s.runtimeId().ifPresent(id -> b.docker(id, dockerNames.getOrDefault(d.name(),
        view.map(ContainerView::name).orElse(""))));
    s.exitCode().ifPresent(b::exitCode);
    s.startedAt().ifPresent(b::startedAt);
    for (NetworkBinding n : s.networkBindings()) {
      b.port(new ContainerMetadata.Port(n.containerPort(), n.protocol(), n.hostPort(),
          n.bindIP() == null ? "" : n.bindIP()));
    }
    if (d.healthCheck() != null) {
      b.health(new ContainerMetadata.Health(s.health().orElse(HealthStatus.UNKNOWN), Optional.empty(), 0, ""));
    }
    if (d.logConfiguration() != null && d.logConfiguration().logDriver() != null) {
      b.log(d.logConfiguration().logDriver().toString(),
          d.logConfiguration().options() == null ? Map.of() : d.logConfiguration().options());
    }
    containerArn(d.name()).ifPresent(b::containerArn);
    view.ifPresent(v -> {
      b.imageId(v.imageId()).labels(v.labels());
      v.createdAt().ifPresent(b::createdAt);
      if (s.status() == ContainerStatus.STOPPED) {
        v.finishedAt().ifPresent(b::finishedAt);
      }
      network(v).ifPresent(b::network);
    });
    return b.build();
  }

  /** The task's network as ECS shows it: its mode and, on bridge, the container's address there. */
  private Optional<ContainerMetadata.Network> network(ContainerView v) {
    NetworkMode mode = definition.networkMode() == null ? NetworkMode.BRIDGE : definition.networkMode();
    List<String> addresses = new ArrayList<>();
    if (mode == NetworkMode.BRIDGE) {
      Optional.ofNullable(v.ipv4Addresses().get("bridge")).ifPresent(addresses::add);
    } else if (mode != NetworkMode.HOST && mode != NetworkMode.NONE) {
      addresses.addAll(v.ipv4Addresses().values());
    }
    return Optional.of(new ContainerMetadata.Network(mode, addresses, List.of()));
  }

  private Optional<String> containerArn(String name) {
    List<Container> known = desired.task().containers();
    return known == null ? Optional.empty() : known.stream()
        .filter(c -> c != null && name.equals(c.name()) && c.containerArn() != null)
        .map(Container::containerArn).findFirst();
  }

  /** RUNNING or STOPPED as the task is; before that, the least step any of its containers reached. */
  private AgentStatus taskStatus() {
    if (TaskStatusRules.STOPPED.equals(controlStatus)) {
      return AgentStatus.STOPPED;
    }
    if (TaskStatusRules.RUNNING.equals(controlStatus)) {
      return AgentStatus.RUNNING;
    }
    ContainerStatus least = states.values().stream().map(ContainerState::status)
        .filter(st -> st != ContainerStatus.STOPPED).min(Enum::compareTo).orElse(ContainerStatus.NONE);
    return status(least);
  }

  static AgentStatus status(ContainerStatus s) {
    return switch (s) {
      case NONE -> AgentStatus.NONE;
      case PULLED -> AgentStatus.PULLED;
      case CREATED -> AgentStatus.CREATED;
      case RUNNING -> AgentStatus.RUNNING;
      case STOPPED -> AgentStatus.STOPPED;
    };
  }

  /**
   * A task-level cpu or memory amount in its base unit (CPU units, MiB): a plain number is one,
   * a number with {@code bigUnit} (1 vCPU, 2 GB) counts {@code per} each; anything else is 0 (unset).
   */
  static long units(String text, String bigUnit, int per) {
    if (text == null) {
      return 0;
    }
    Matcher m = AMOUNT.matcher(text);
    if (!m.matches()) {
      return 0;
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    if (unit.isEmpty()) {
      return (long) amount;
    }
    return unit.equals(bigUnit) ? Math.round(amount * per) : 0;
  }

  private List<ContainerDefinition> definitions() {
    return definition.containerDefinitions() == null ? List.of() : definition.containerDefinitions();
  }
}
