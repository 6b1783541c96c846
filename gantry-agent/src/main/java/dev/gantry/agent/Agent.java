package dev.gantry.agent;

import dev.gantry.agent.channel.AgentChannelClient;
import dev.gantry.agent.channel.Backoff;
import dev.gantry.agent.channel.EcsTaskStateReporter;
import dev.gantry.agent.channel.ManifestPoller;
import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.DockerInfo;
import dev.gantry.agent.docker.create.CreateHost;
import dev.gantry.agent.engine.DockerContainerRuntime;
import dev.gantry.agent.engine.EngineMetadata;
import dev.gantry.agent.engine.TaskMetadataBook;
import dev.gantry.agent.engine.EngineSettings;
import dev.gantry.agent.engine.TaskEngine;
import dev.gantry.agent.metadata.BridgeGateway;
import dev.gantry.agent.metadata.MetadataEndpoint;
import dev.gantry.agent.registration.AgentVersion;
import dev.gantry.agent.registration.GantryEcsClient;
import dev.gantry.agent.registration.Registration;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * One host's agent, assembled: Docker, registration as a container instance, the task engine
 * reporting through the ECS API, and the long-poll of the instance's desired tasks feeding it.
 *
 * <p>Order matters: the engine adopts the containers already labelled with this instance before
 * the first poll answer arrives, so a restarted agent never starts a second copy of a task
 * that is still running. {@link #close} stops polling first, then the engine; containers keep
 * running (they are the tasks, not the agent's).
 */
public final class Agent implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Agent.class.getName());

  /** Gantry's release as the agent reports it in versionInfo. */
  public static final AgentVersion VERSION = new AgentVersion(
      Optional.ofNullable(Agent.class.getPackage().getImplementationVersion()).orElse("0.1.0-dev"), "unknown");

  private final DockerEngineClient docker;
  private final EcsClient ecs;
  private final TaskEngine engine;
  private final ManifestPoller poller;
  private final ContainerInstance instance;
  private final Optional<MetadataEndpoint> metadata;

  /** The zone shown by the metadata endpoint when GANTRY_AVAILABILITY_ZONE is not set. */
  private static final String DEFAULT_ZONE = "local";

  private Agent(DockerEngineClient docker, EcsClient ecs, TaskEngine engine, ManifestPoller poller,
      ContainerInstance instance, Optional<MetadataEndpoint> metadata) {
    this.metadata = metadata;
    this.docker = docker;
    this.ecs = ecs;
    this.engine = engine;
    this.poller = poller;
    this.instance = instance;
  }

  /** Connects to Docker, registers, adopts this instance's containers and starts polling. */
  public static Agent start(AgentConfig config) {
    RandomGenerator random = new SecureRandom();
    DockerEngineClient docker = DockerEngineClient.connect(config.dockerHost());
    EcsClient ecs = GantryEcsClient.create(config);
    Optional<MetadataEndpoint> metadata = Optional.empty();
    try {
      DockerInfo info = docker.info();
      ContainerInstance instance = new Registration(config, ecs, VERSION).register(info, docker.version());
      String arn = instance.containerInstanceArn();
      AgentChannelClient channel = AgentChannelClient.create(config);
      TaskMetadataBook book = new TaskMetadataBook();
      metadata = metadataEndpoint(docker, book);
      Optional<EngineMetadata> engineMetadata = metadata.map(m -> EngineMetadata.of(book, m,
          config.availabilityZone().orElse(DEFAULT_ZONE)));
      TaskEngine engine = new TaskEngine(new DockerContainerRuntime(docker),
          new EcsTaskStateReporter(ecs, Optional.of(channel)), EngineSettings.of(config, arn, createHost(config, info)),
          Clock.systemUTC(), random, engineMetadata);
      engine.start();
      ManifestPoller poller = new ManifestPoller(channel, config.cluster(), arn, engine::apply, Backoff.DEFAULT, random)
          .start();
      LOG.log(System.Logger.Level.INFO, "Agent for container instance " + arn + " in cluster " + config.cluster()
          + " is polling " + config.server());
      return new Agent(docker, ecs, engine, poller, instance, metadata);
    } catch (RuntimeException e) {
      metadata.ifPresent(MetadataEndpoint::close);
      ecs.close();
      docker.close();
      throw e;
    }
  }

  /**
   * The task metadata endpoint on Docker's bridge gateway, where bridge-mode containers reach
   * it: ECS's port 51679 when free, else any free port (several agents on one host). Without a
   * bridge network (Windows nat, for now) tasks run without ECS_CONTAINER_METADATA_URI_V4.
   */
  private static Optional<MetadataEndpoint> metadataEndpoint(DockerEngineClient docker, TaskMetadataBook book) {
    Optional<InetAddress> gateway = BridgeGateway.of(docker);
    if (gateway.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "Docker has no bridge network gateway: tasks get no metadata endpoint");
      return Optional.empty();
    }
    try {
      return Optional.of(MetadataEndpoint.start(gateway.get(), MetadataEndpoint.DEFAULT_PORT, book));
    } catch (IOException taken) {
      try {
        return Optional.of(MetadataEndpoint.start(gateway.get(), 0, book));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "No task metadata endpoint on " + gateway.get() + ": " + e.getMessage());
        return Optional.empty();
      }
    }
  }

  /** The host as the create-config rules need it (Windows rules only on Windows daemons). */
  static CreateHost createHost(AgentConfig config, DockerInfo info) {
    if (!info.windows()) {
      return new CreateHost.Linux();
    }
    return new CreateHost.Windows(Math.max(1, info.ncpu()), info.operatingSystem(), CreateHost.Isolation.PROCESS,
        config.memoryUnboundedWindowsWorkaround(), config.cpuUnboundedWindowsWorkaround());
  }

  public ContainerInstance containerInstance() {
    return instance;
  }

  @Override
  public void close() {
    poller.close();
    engine.close();
    metadata.ifPresent(MetadataEndpoint::close);
    ecs.close();
    docker.close();
  }
}
