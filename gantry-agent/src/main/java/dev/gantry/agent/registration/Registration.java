package dev.gantry.agent.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.docker.DockerInfo;
import dev.gantry.agent.docker.DockerVersion;
import dev.gantry.agent.docker.HostAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RegisterContainerInstanceRequest;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/**
 * Registers this host as a container instance, the way the ECS agent does at start.
 *
 * <p>Resources: CPU is cores x 1024 (or GANTRY_INSTANCE_CPU); MEMORY is the host's MiB (or
 * GANTRY_INSTANCE_MEMORY) minus ECS_RESERVED_MEMORY; PORTS and PORTS_UDP are the reserved ports.
 * Attributes: what Docker says about the host ({@link HostAttributes}), availability zone and
 * instance type when configured, ECS_INSTANCE_ATTRIBUTES, and the {@code gantry.*} settings the
 * server needs to know (dynamic port range, default container stop timeout). The identity document carries
 * GANTRY_INSTANCE_ID, which is how the server recognises the host again.
 *
 * <p>Restarts: the ARN is saved in ECS_DATADIR and sent again, so the same container instance
 * comes back. An ARN the server no longer knows (a new server, a wiped store) is dropped and the
 * host registers afresh; a deregistered instance is final, as in ECS, and the agent stops with
 * a message naming the state file. As in the ECS agent, a missing "default" cluster is created.
 */
public final class Registration {
  private static final System.Logger LOG = System.getLogger(Registration.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int CPU_UNITS_PER_CORE = 1024;
  /**
   * How long one registration call may take, retries included: a server that does not answer
   * by then is unreachable for now (a host cut off drops packets; nothing is refused).
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final AgentConfig config;
  private final EcsClient ecs;
  private final AgentVersion agentVersion;
  private final RegistrationState state;

  public Registration(AgentConfig config, EcsClient ecs, AgentVersion agentVersion) {
    this.config = config;
    this.ecs = ecs;
    this.agentVersion = agentVersion;
    this.state = new RegistrationState(config.dataDir(), config.cluster(), config.instanceId());
  }

  /** The ARN this host registered as last time, if any (see {@link RegistrationState}). */
  public Optional<String> savedArn() {
    return state.containerInstanceArn();
  }

  /**
   * Registers (or re-registers) this host and saves its ARN; returns the server's record. A
   * server that does not answer within {@link #CALL_TIMEOUT} is an {@code SdkClientException}.
   */
  public ContainerInstance register(DockerInfo info, DockerVersion version) {
    Optional<String> saved = state.containerInstanceArn();
    RegisterContainerInstanceRequest request = request(config, info, version, agentVersion, saved);
    ContainerInstance instance;
    try {
      instance = call(request);
    } catch (InvalidParameterException e) {
      if (saved.isEmpty() || !e.getMessage().contains("containerInstanceArn")) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "The server does not know container instance " + saved.get()
          + " (saved in " + state.file() + "); registering this host afresh.");
      instance = call(request.toBuilder().containerInstanceArn(null).build());
    } catch (ClientException e) {
      if (saved.isPresent() && e.getMessage() != null && e.getMessage().contains("deregistered")) {
        throw new IllegalStateException("Container instance " + saved.get() + " was deregistered and cannot come "
            + "back, as in ECS. To register this host as a new container instance, delete " + state.file() + ".", e);
      }
      throw e;
    }
    state.save(instance.containerInstanceArn());
    return instance;
  }

  private ContainerInstance call(RegisterContainerInstanceRequest unbounded) {
    RegisterContainerInstanceRequest request = unbounded.toBuilder()
        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)).build();
    try {
      return ecs.registerContainerInstance(request).containerInstance();
    } catch (ClusterNotFoundException e) {
      if (!AgentConfig.DEFAULT_CLUSTER.equals(config.cluster())) {
        throw e;
      }
      LOG.log(System.Logger.Level.INFO, "Creating the cluster 'default', as the ECS agent does.");
      ecs.createCluster(b -> b.clusterName(AgentConfig.DEFAULT_CLUSTER));
      return ecs.registerContainerInstance(request).containerInstance();
    }
  }

  /** The RegisterContainerInstance request for this host: pure. */
  public static RegisterContainerInstanceRequest request(AgentConfig config, DockerInfo info, DockerVersion version,
      AgentVersion agentVersion, Optional<String> containerInstanceArn) {
    return RegisterContainerInstanceRequest.builder()
        .cluster(config.cluster())
        .containerInstanceArn(containerInstanceArn.orElse(null))
        .instanceIdentityDocument(identityDocument(config))
        .totalResources(resources(config, info))
        .attributes(attributes(config, info, version))
        .versionInfo(VersionInfo.builder()
            .agentVersion(agentVersion.version())
            .agentHash(agentVersion.hash())
            .dockerVersion("DockerVersion: " + version.version())
            .build())
        .build();
  }

  static List<Resource> resources(AgentConfig config, DockerInfo info) {
    int cpu = config.instanceCpu().orElse(info.ncpu() * CPU_UNITS_PER_CORE);
    long hostMemory = config.instanceMemory().isPresent() ? config.instanceMemory().getAsInt() : info.memTotalMiB();
    long memory = hostMemory - config.reservedMemory();
    if (cpu <= 0) {
      throw new IllegalStateException("The Docker Engine reports " + info.ncpu() + " CPUs: set GANTRY_INSTANCE_CPU "
          + "to the CPU units this host offers (1024 per core).");
    }
    if (memory <= 0 || memory > Integer.MAX_VALUE) {
      throw new IllegalStateException("No memory left for tasks: the host has " + hostMemory + " MiB and "
          + "ECS_RESERVED_MEMORY is " + config.reservedMemory() + " MiB; lower ECS_RESERVED_MEMORY or set "
          + "GANTRY_INSTANCE_MEMORY.");
    }
    return List.of(
        Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
        Resource.builder().name("MEMORY").type("INTEGER").integerValue((int) memory).build(),
        ports("PORTS", config.reservedPorts()),
        ports("PORTS_UDP", config.reservedPortsUdp()));
  }

  private static Resource ports(String name, List<Integer> ports) {
    return Resource.builder().name(name).type("STRINGSET")
        .stringSetValue(ports.stream().map(String::valueOf).toList()).build();
  }

  /** The range dynamic host ports come from ({@code ECS_DYNAMIC_HOST_PORT_RANGE}), for placement's port budget. */
  static final String DYNAMIC_HOST_PORT_RANGE = "gantry.dynamic-host-port-range";
  /** Present when {@code ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND} lets memoryReservation-only tasks run. */
  static final String WINDOWS_MEMORY_WORKAROUND = "gantry.capability.windows-memory-unbounded-workaround";
  /**
   * {@code ECS_CONTAINER_STOP_TIMEOUT} in whole seconds, as Docker gets it: the scheduler's fencing
   * waits this long for a container without its own stopTimeout (gantry-reconcile StopTimeout).
   */
  static final String CONTAINER_STOP_TIMEOUT = "gantry.container-stop-timeout";

  static List<Attribute> attributes(AgentConfig config, DockerInfo info, DockerVersion version) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (dev.gantry.model.Attribute a : HostAttributes.of(info, version, config.host().windowsInstallationType())) {
      byName.put(a.name(), a.value());
    }
    // what the server's placement and fencing need to know of this agent's settings (InstanceView, StopTimeout)
    byName.put(DYNAMIC_HOST_PORT_RANGE, config.dynamicHostPortRange().toString());
    String stopTimeout = Long.toString(config.containerStopTimeout().toSeconds());
    byName.put(CONTAINER_STOP_TIMEOUT, stopTimeout);
    if (config.memoryUnboundedWindowsWorkaround() && info.windows()) {
      byName.put(WINDOWS_MEMORY_WORKAROUND, null);
    }
    config.availabilityZone().ifPresent(z -> byName.put("ecs.availability-zone", z));
    config.instanceType().ifPresent(t -> byName.put("ecs.instance-type", t));
    byName.putAll(config.instanceAttributes());
    // again after the operator's attributes: fencing relies on this one being what the agent really does
    byName.put(CONTAINER_STOP_TIMEOUT, stopTimeout);
    List<Attribute> out = new ArrayList<>(byName.size());
    byName.forEach((name, value) -> out.add(Attribute.builder().name(name).value(value).build()));
    return out;
  }

  /** EC2's identity document shape, which the server's RegisterContainerInstance reads. */
  static String identityDocument(AgentConfig config) {
    ObjectNode doc = JSON.createObjectNode().put("instanceId", config.instanceId());
    config.availabilityZone().ifPresent(z -> doc.put("availabilityZone", z));
    config.instanceType().ifPresent(t -> doc.put("instanceType", t));
    doc.put("region", config.region());
    return doc.toString();
  }
}
