package dev.gantry.agent;

import dev.gantry.agent.channel.AgentChannelClient;
import dev.gantry.agent.channel.Backoff;
import dev.gantry.agent.channel.EcsTaskStateReporter;
import dev.gantry.agent.channel.LeaseFence;
import dev.gantry.agent.channel.LeaseFile;
import dev.gantry.agent.channel.ManifestPoller;
import dev.gantry.agent.channel.RestartFence;
import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.DockerInfo;
import dev.gantry.agent.docker.DockerVersion;
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
import dev.gantry.agent.registration.RegistrationErrors;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * One host's agent, assembled: Docker, registration as a container instance, the task engine
 * reporting through the ECS API, and the long-poll of the instance's desired tasks feeding it.
 *
 * <p>Order matters: the fencing lease saved by the previous process is enforced first
 * ({@link RestartFence}), before anything needs the server, so an agent restarted while its host
 * is cut off still stops its fenced tasks in time. The engine adopts the containers already
 * labelled with this instance before the first poll answer arrives, so a restarted agent never
 * starts a second copy of a task that is still running. A server that does not answer the
 * registration does not stop a host that registered before: the agent carries on as the saved
 * container instance and registers again in the background before it polls; that keeps trying
 * while the server does not answer, and gives up ({@link #failure}) when it answers no for good
 * or with another instance. {@link #close} stops polling first, then the engine; containers keep
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
  private final RestartFence restart;
  /** A fence on the lease last saved in ECS_DATADIR, as a restarted process would keep it. */
  private final Supplier<RestartFence> savedLease;
  private volatile boolean closed;
  private volatile Thread registering;
  private final CompletableFuture<AgentFailure> failure = new CompletableFuture<>();

  /** The zone shown by the metadata endpoint when GANTRY_AVAILABILITY_ZONE is not set. */
  private static final String DEFAULT_ZONE = "local";

  private Agent(DockerEngineClient docker, EcsClient ecs, TaskEngine engine, ManifestPoller poller,
      ContainerInstance instance, Optional<MetadataEndpoint> metadata, RestartFence restart,
      Supplier<RestartFence> savedLease) {
    this.metadata = metadata;
    this.docker = docker;
    this.ecs = ecs;
    this.engine = engine;
    this.poller = poller;
    this.instance = instance;
    this.restart = restart;
    this.savedLease = savedLease;
  }

  /** Connects to Docker, keeps the saved lease, registers, adopts this instance's containers and starts polling. */
  public static Agent start(AgentConfig config) {
    RandomGenerator random = new SecureRandom();
    DockerEngineClient docker = DockerEngineClient.connect(config.dockerHost());
    DockerContainerRuntime runtime = new DockerContainerRuntime(docker);
    LeaseFile leaseFile = new LeaseFile(config.dataDir(), config.instanceId());
    Supplier<RestartFence> savedLease = () -> new RestartFence(leaseFile.read(), Instant.now(), System::nanoTime,
        saved -> TaskEngine.stopContainers(runtime, saved.containerInstanceArn(), saved.fencedTasks()));
    RestartFence restart = savedLease.get().start();
    EcsClient ecs = GantryEcsClient.create(config);
    Optional<MetadataEndpoint> metadata = Optional.empty();
    try {
      DockerInfo info = docker.info();
      DockerVersion version = docker.version();
      Registration registration = new Registration(config, ecs, VERSION);
      Optional<ContainerInstance> registered = register(registration, info, version);
      ContainerInstance instance = registered.orElseGet(() -> ContainerInstance.builder()
          .containerInstanceArn(registration.savedArn().orElseThrow()).build());
      String arn = instance.containerInstanceArn();
      AgentChannelClient channel = AgentChannelClient.create(config);
      TaskMetadataBook book = new TaskMetadataBook();
      metadata = metadataEndpoint(docker, book);
      Optional<EngineMetadata> engineMetadata = metadata.map(m -> EngineMetadata.of(book, m,
          config.availabilityZone().orElse(DEFAULT_ZONE)));
      TaskEngine engine = new TaskEngine(runtime,
          new EcsTaskStateReporter(ecs, Optional.of(channel)), EngineSettings.of(config, arn, createHost(config, info)),
          Clock.systemUTC(), random, engineMetadata);
      engine.start();
      ManifestPoller poller = new ManifestPoller(channel, config.cluster(), arn, engine::apply, Backoff.DEFAULT, random,
          Optional.of(new LeaseFence.Persistence(leaseFile, arn, config.containerStopTimeout(), Clock.systemUTC(),
              restart)));
      Agent agent = new Agent(docker, ecs, engine, poller, instance, metadata, restart, savedLease);
      poller.refused().thenAcceptAsync(refusal -> agent.giveUp(new AgentFailure("The server refused the poll of "
          + "container instance " + arn + ": " + refusal.getMessage(), refusal.terminal())),
          task -> Thread.ofVirtual().name("give-up").start(task));
      if (registered.isPresent()) {
        poller.start();
      } else {
        agent.registering = Thread.ofVirtual().name("registration")
            .start(() -> agent.registerThenPoll(registration, info, version, random));
      }
      LOG.log(System.Logger.Level.INFO, "Agent for container instance " + arn + " in cluster " + config.cluster()
          + " is polling " + config.server());
      return agent;
    } catch (RuntimeException e) {
      keepPreviousLease(restart, e.getMessage());
      restart.close();
      metadata.ifPresent(MetadataEndpoint::close);
      ecs.close();
      docker.close();
      throw e;
    }
  }

  /**
   * Registers this host; empty when the server does not answer but the host registered before
   * (its saved ARN is then the instance). A host that never registered cannot start without it.
   */
  private static Optional<ContainerInstance> register(Registration registration, DockerInfo info,
      DockerVersion version) {
    try {
      return Optional.of(registration.register(info, version));
    } catch (SdkClientException e) {
      Optional<String> saved = registration.savedArn();
      if (saved.isEmpty()) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "The server did not answer the registration (" + e.getMessage()
          + "): carrying on as container instance " + saved.get() + ", as saved, and registering again in the "
          + "background before polling");
      return Optional.empty();
    }
  }

  /**
   * Registers again until the server answers, then polls. Gives up when the server refuses for
   * good or answers with another container instance (this process's engine and poller are bound
   * to the saved one); also stops trying when the agent closes.
   */
  private void registerThenPoll(Registration registration, DockerInfo info, DockerVersion version,
      RandomGenerator random) {
    String arn = instance.containerInstanceArn();
    int failures = 0;
    while (!closed) {
      try {
        ContainerInstance again = registration.register(info, version);
        if (!again.containerInstanceArn().equals(arn)) {
          giveUp(new AgentFailure("The server no longer knew container instance " + arn + " and registered this "
              + "host as " + again.containerInstanceArn() + ": start the agent again to run as that instance", false));
          return;
        }
        LOG.log(System.Logger.Level.INFO, "Registered container instance " + arn + " again; polling");
        if (!closed) {
          poller.start();
        }
        return;
      } catch (RuntimeException e) {
        if (!RegistrationErrors.passing(e)) {
          giveUp(new AgentFailure("Registering container instance " + arn + " again failed for good: "
              + e.getMessage(), RegistrationErrors.refused(e)));
          return;
        }
        failures++;
        Duration wait = Backoff.DEFAULT.delay(failures, random);
        LOG.log(failures == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "Registration "
            + failures + " of " + arn + " failed (" + e.getMessage() + "); trying again in " + wait.toMillis() + " ms");
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * Ends this agent's work for {@code why}. Polling stops first; then the lease last saved is
   * kept to its end, and the fenced tasks stopped, as no process would stop them after this one
   * and the server replaces them once that lease has passed.
   */
  private void giveUp(AgentFailure why) {
    LOG.log(System.Logger.Level.ERROR, why.message());
    poller.close();
    restart.close();
    try {
      // the last answer may have told tasks to stop (a deregistered instance's set is empty)
      if (!engine.awaitStops(STOPS_BEFORE_EXIT)) {
        LOG.log(System.Logger.Level.WARNING, "Some tasks told to stop had not stopped after " + STOPS_BEFORE_EXIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (RestartFence last = savedLease.get().start()) {
      keepPreviousLease(last, why.message());
    }
    failure.complete(why);
  }

  /** ECS's longest container stopTimeout (120 s) and a margin for Docker's own work. */
  private static final Duration STOPS_BEFORE_EXIT = Duration.ofSeconds(130);

  /** Waits out {@code fence} (see {@link RestartFence#awaitEnded}); {@code why} names the reason in the log. */
  private static void keepPreviousLease(RestartFence fence, String why) {
    try {
      fence.awaitEnded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "Interrupted while keeping the last fencing lease (" + why + ")");
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

  /**
   * The container instance as the server registered it; only its ARN when the server did not
   * answer at start (the agent then registers again in the background).
   */
  public ContainerInstance containerInstance() {
    return instance;
  }

  /**
   * Completes when the agent gave up on its own (see {@link AgentFailure}); it then does nothing
   * more, and its owner should close it and exit. Never completes for an agent that is closed.
   */
  public CompletionStage<AgentFailure> failure() {
    return failure;
  }

  @Override
  public void close() {
    closed = true;
    Thread t = registering;
    if (t != null) {
      t.interrupt();
    }
    restart.close();
    poller.close();
    engine.close();
    metadata.ifPresent(MetadataEndpoint::close);
    ecs.close();
    docker.close();
  }
}
