package dev.gantry.agent.engine;

import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.docker.create.ContainerCreateConfig;
import dev.gantry.agent.docker.create.ContainerLabels;
import dev.gantry.agent.docker.create.CreateConfigBuilder;
import dev.gantry.agent.docker.create.CreateConfigInput;
import dev.gantry.agent.docker.create.CreateConfigResult;
import dev.gantry.agent.docker.create.CreateHost;
import dev.gantry.agent.docker.create.VolumeSource;
import dev.gantry.agent.engine.ContainerRuntime.RuntimeFailure;
import dev.gantry.agent.engine.ImagePullRules.PullPlan;
import dev.gantry.agent.metadata.MetadataEndpoint;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.PortMapping;
import dev.gantry.model.Scope;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TransportProtocol;
import dev.gantry.model.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Docker side of each {@link TaskAction} for one task: pull, create, start, stop. Each step
 * turns the container's state into the next one, or into STOPPED with ECS's reason
 * (CannotPullContainerError, CannotCreateContainerError, CannotStartContainerError) when
 * Docker refuses; nothing here decides what to do next.
 */
final class ContainerSteps {
  private static final System.Logger LOG = System.getLogger(ContainerSteps.class.getName());

  private final EngineParts parts;

  ContainerSteps(EngineParts parts) {
    this.parts = parts;
  }

  ContainerState pull(ContainerDefinition d, ContainerState s) {
    Instant now = parts.clock().instant();
    String image = d.image();
    ImagePullBehavior behavior = parts.settings().imagePullBehavior();
    boolean pulledBefore = parts.pulls().pulledBefore(image);
    try {
      // asked of Docker only when the answer decides whether to pull; else only if the pull fails
      Optional<Boolean> cached = ImagePullRules.pullsFirst(behavior, pulledBefore) ? Optional.empty()
          : Optional.of(parts.runtime().imageExists(image));
      if (cached.isPresent() && ImagePullRules.plan(behavior, cached.get(), pulledBefore) == PullPlan.USE_CACHED) {
        return s.advanced(ContainerStatus.PULLED, now);
      }
      try {
        parts.pulls().pull(image);
      } catch (RuntimeFailure e) {
        boolean local = cached.isPresent() ? cached.get() : parts.runtime().imageExists(image);
        if (ImagePullRules.plan(behavior, local, pulledBefore) != PullPlan.PULL_ELSE_CACHED) {
          throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "Using the cached " + image + ": " + e.getMessage());
      }
      return s.advanced(ContainerStatus.PULLED, parts.clock().instant());
    } catch (RuntimeFailure e) {
      return s.abandoned("CannotPullContainerError: " + e.getMessage(), parts.clock().instant());
    }
  }

  /**
   * Creates the container; with {@code endpointId}, it gets its task metadata URI in
   * ECS_CONTAINER_METADATA_URI_V4 and the id in a label, for adoption. On a Windows host the
   * image is inspected first, so the builder can refuse an image whose OS build the host cannot
   * run (process isolation needs the host's very build) instead of Docker failing or hanging later.
   */
  ContainerState create(Task task, TaskDefinition td, ContainerDefinition d, ContainerState s,
      Map<String, String> dockerNames, Optional<String> endpointId) {
    Instant now = parts.clock().instant();
    Optional<String> imageOsVersion;
    try {
      imageOsVersion = imageOsVersion(d.image());
    } catch (RuntimeFailure e) {
      if (e.status() == 0) {
        throw e; // Docker is away: the worker tries again next round, nothing is allocated yet
      }
      return s.abandoned("CannotCreateContainerError: " + e.getMessage(), now);
    }
    Map<String, Integer> hostPorts;
    try {
      hostPorts = parts.ports().allocate(d.portMappings());
    } catch (IllegalStateException e) {
      return s.abandoned("CannotCreateContainerError: " + e.getMessage(), now);
    }
    List<NetworkBinding> bindings = bindings(d.portMappings(), hostPorts);
    CreateConfigInput input = input(task, td, d, hostPorts, dockerNames, endpointId);
    if (imageOsVersion.isPresent()) {
      input = input.withImageOsVersion(imageOsVersion.get());
    }
    switch (CreateConfigBuilder.build(input, parts.settings().host())) {
      case CreateConfigResult.Refused r -> {
        parts.ports().release(dynamicOnly(bindings, hostPorts));
        return s.abandoned("CannotCreateContainerError: " + r.reason(), now);
      }
      case CreateConfigResult.Built b -> {
        String name = ContainerNames.of(td.family(), td.revision() == null ? 0 : td.revision(), d.name(),
            parts.random());
        try {
          parts.ports().hold(bindings);
          ContainerCreateConfig config = endpointId.map(e -> labelled(b.config(),
              ContainerLabels.METADATA_ENDPOINT_ID, e)).orElse(b.config());
          String id = parts.runtime().create(name, config);
          dockerNames.put(d.name(), name);
          return s.withRuntimeId(id).withNetworkBindings(bindings).advanced(ContainerStatus.CREATED,
              parts.clock().instant());
        } catch (RuntimeFailure e) {
          parts.ports().release(bindings);
          return s.abandoned("CannotCreateContainerError: " + e.getMessage(), parts.clock().instant());
        }
      }
    }
  }

  /** The image's OS version, asked of Docker only on a Windows host: only there does the builder check it. */
  private Optional<String> imageOsVersion(String image) {
    return parts.settings().host() instanceof CreateHost.Windows ? parts.runtime().imageOsVersion(image)
        : Optional.empty();
  }

  private CreateConfigInput input(Task task, TaskDefinition td, ContainerDefinition d, Map<String, Integer> hostPorts,
      Map<String, String> dockerNames, Optional<String> endpointId) {
    CreateConfigInput input = CreateConfigInput.of(td, d, task.taskArn(), parts.settings().cluster(),
        parts.settings().containerInstanceArn())
        .withHostPorts(hostPorts)
        .withVolumes(volumes(task, td))
        .withContainerNames(dockerNames)
        .withDefaultStopTimeout(parts.settings().containerStopTimeout());
    Optional<ContainerOverride> override = override(task, d.name());
    if (override.isPresent()) {
      input = input.withOverride(override.get());
    }
    if (endpointId.isPresent() && parts.metadata().isPresent()) {
      input = input.withAgentEnvironment(Map.of(MetadataEndpoint.URI_VARIABLE,
          parts.metadata().get().uriFor().apply(endpointId.get()).toString()));
    }
    return input;
  }

  private static ContainerCreateConfig labelled(ContainerCreateConfig c, String label, String value) {
    Map<String, String> labels = new TreeMap<>(c.labels() == null ? Map.of() : c.labels());
    labels.put(label, value);
    return new ContainerCreateConfig(c.image(), c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(),
        c.hostname(), labels, c.exposedPorts(), c.healthcheck(), c.stopTimeout(), c.networkDisabled(), c.openStdin(),
        c.tty(), c.hostConfig());
  }

  ContainerState start(ContainerDefinition d, ContainerState s) {
    String id = s.runtimeId().orElseThrow();
    try {
      parts.runtime().start(id);
      Instant now = parts.clock().instant();
      return s.advanced(ContainerStatus.RUNNING, now).withStartedAt(now)
          .withHealth(d.healthCheck() == null ? Optional.empty() : Optional.of(HealthStatus.UNKNOWN));
    } catch (RuntimeFailure e) {
      return s.abandoned("CannotStartContainerError: " + e.getMessage(), parts.clock().instant());
    }
  }

  /** docker stop with the container's stopTimeout, else ECS_CONTAINER_STOP_TIMEOUT; the caller looks again. */
  void stop(ContainerDefinition d, ContainerState s) {
    Duration timeout = d.stopTimeout() != null ? Duration.ofSeconds(d.stopTimeout())
        : parts.settings().containerStopTimeout();
    s.runtimeId().ifPresent(id -> {
      try {
        parts.runtime().stop(id, timeout);
      } catch (RuntimeFailure e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot stop container " + id + " yet: " + e.getMessage());
      }
    });
  }

  /** What Docker says about a container the engine created or adopted, folded into its state. */
  static ContainerState observed(ContainerState s, Optional<ContainerRuntime.ContainerView> view, Instant now) {
    if (view.isEmpty()) {
      return s.status() == ContainerStatus.STOPPED ? s
          : s.abandoned("the Docker container " + s.runtimeId().orElse("") + " no longer exists", now);
    }
    ContainerRuntime.ContainerView v = view.get();
    ContainerState next = s.withNetworkBindings(v.networkBindings().isEmpty() ? s.networkBindings()
        : v.networkBindings());
    if (v.running()) {
      next = next.advanced(ContainerStatus.RUNNING, now);
      next = v.health().isPresent() ? next.withHealth(v.health()) : next;
      return v.startedAt().map(next::withStartedAt).orElse(next);
    }
    if (v.exited()) {
      next = v.startedAt().map(next::withStartedAt).orElse(next);
      return next.advanced(ContainerStatus.STOPPED, v.finishedAt().orElse(now)).withExit(v.exitCode(), v.error());
    }
    return next;
  }

  static Optional<ContainerOverride> override(Task task, String container) {
    if (task.overrides() == null || task.overrides().containerOverrides() == null) {
      return Optional.empty();
    }
    return task.overrides().containerOverrides().stream().filter(o -> o != null && container.equals(o.name()))
        .findFirst();
  }

  /** Bindings as ECS reports them: every address, the container port, the host port, the protocol. */
  static List<NetworkBinding> bindings(List<PortMapping> mappings, Map<String, Integer> hostPorts) {
    List<NetworkBinding> out = new ArrayList<>();
    for (PortMapping m : mappings == null ? List.<PortMapping>of() : mappings) {
      if (m == null || m.containerPort() == null) {
        continue;
      }
      TransportProtocol protocol = m.protocol() == null ? TransportProtocol.TCP : m.protocol();
      Integer host = m.hostPort() != null && m.hostPort() != 0 ? m.hostPort()
          : hostPorts.get(m.containerPort() + "/" + protocol);
      if (host != null) {
        out.add(NetworkBinding.builder().bindIP("0.0.0.0").containerPort(m.containerPort()).hostPort(host)
            .protocol(protocol).build());
      }
    }
    return out;
  }

  private static List<NetworkBinding> dynamicOnly(List<NetworkBinding> bindings, Map<String, Integer> hostPorts) {
    return bindings.stream().filter(b -> hostPorts.containsValue(b.hostPort())).toList();
  }

  /**
   * Volumes the task definition leaves to the agent: a host volume without sourcePath and a
   * task-scoped Docker volume each become a Docker volume named for this task, so two tasks
   * never share one; the builder resolves host paths and shared volumes itself.
   */
  static Map<String, VolumeSource> volumes(Task task, TaskDefinition td) {
    Map<String, VolumeSource> out = new HashMap<>();
    String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    for (Volume v : td.volumes() == null ? List.<Volume>of() : td.volumes()) {
      if (v == null || v.name() == null) {
        continue;
      }
      String name = "ecs-" + taskId + "-" + v.name().replaceAll("[^a-zA-Z0-9_.-]", "-");
      var docker = v.dockerVolumeConfiguration();
      boolean hostWithoutPath = docker == null && (v.host() == null || v.host().sourcePath() == null)
          && v.efsVolumeConfiguration() == null && v.fsxWindowsFileServerVolumeConfiguration() == null
          && v.s3filesVolumeConfiguration() == null;
      if (hostWithoutPath) {
        out.put(v.name(), new VolumeSource.DockerVolume(name, "local", Map.of(), Map.of()));
      } else if (docker != null && docker.scope() != Scope.SHARED) {
        out.put(v.name(), new VolumeSource.DockerVolume(name, docker.driver() == null ? "local" : docker.driver(),
            docker.driverOpts() == null ? Map.of() : docker.driverOpts(),
            docker.labels() == null ? Map.of() : docker.labels()));
      }
    }
    return out;
  }
}
