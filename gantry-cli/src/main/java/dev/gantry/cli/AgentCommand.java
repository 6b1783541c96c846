package dev.gantry.cli;

import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentFailure;
import dev.gantry.agent.registration.RegistrationErrors;
import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.config.HostFacts;
import dev.gantry.agent.config.InvalidAgentConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `gantry agent`: this host as a container instance, configured like the ECS agent. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Runs the agent: registers this host as a container instance and runs the tasks placed on it",
        "through the local Docker Engine.",
        "",
        "Configured by environment variables, named as the Amazon ECS agent names them: ECS_CLUSTER,",
        "DOCKER_HOST, ECS_DATADIR, ECS_RESERVED_MEMORY, ECS_RESERVED_PORTS, ECS_RESERVED_PORTS_UDP,",
        "ECS_IMAGE_PULL_BEHAVIOR, ECS_CONTAINER_STOP_TIMEOUT, ECS_CONTAINER_START_TIMEOUT,",
        "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, ECS_INSTANCE_ATTRIBUTES, ECS_DYNAMIC_HOST_PORT_RANGE,",
        "ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND, ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND,",
        "ECS_LOGLEVEL; and GANTRY_SERVER, GANTRY_ACCESS_KEY_ID, GANTRY_SECRET_ACCESS_KEY (from",
        "'gantry agent-key create'), GANTRY_INSTANCE_ID, GANTRY_AVAILABILITY_ZONE, GANTRY_INSTANCE_TYPE,",
        "GANTRY_INSTANCE_CPU, GANTRY_INSTANCE_MEMORY. An unknown or malformed value stops the agent",
        "with a message naming the variable.",
        "",
        "Exit status: 0 after SIGTERM or SIGINT; 2 for a bad setting; 5 when the server refuses this host",
        "for good (instance deregistered, cluster or keys unknown), where restarting cannot help; 1 for",
        "other failures, including a server that no longer knows the instance (a restart registers",
        "the host afresh)."})
final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final Supplier<StopSignal> stopSignals;

  AgentCommand(Map<String, String> environment, Supplier<StopSignal> stopSignals) {
    this.environment = environment;
    this.stopSignals = stopSignals;
  }

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig config;
    try {
      config = AgentConfig.parse(environment, HostFacts.detect());
    } catch (InvalidAgentConfigException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE);
    }
    StopSignal stop = stopSignals.get();
    Optional<AgentFailure> failed;
    try (Agent agent = start(config)) {
      spec.commandLine().getOut().println("Agent: container instance " + agent.containerInstance()
          .containerInstanceArn() + " in cluster " + config.cluster() + ", polling " + config.server());
      spec.commandLine().getOut().flush();
      agent.failure().thenRun(stop::trigger);
      stop.await();
      failed = Optional.ofNullable(agent.failure().toCompletableFuture().getNow(null));
    }
    if (failed.isPresent()) {
      throw new UserError("The agent stopped: " + failed.get().message(), exitStatus(failed.get().terminal()));
    }
    return ExitCode.OK;
  }

  private static Agent start(AgentConfig config) {
    try {
      return Agent.start(config);
    } catch (RuntimeException e) {
      throw new UserError("The agent could not start: " + e.getMessage(), exitStatus(RegistrationErrors.refused(e)));
    }
  }

  /**
   * The ECS agent's convention: 5 when starting again cannot help (ecs-init does not restart on
   * it; a systemd unit can say RestartPreventExitStatus=5), so a refused host does not restart in
   * a loop; otherwise a failure status a service manager restarts on.
   */
  private static int exitStatus(boolean terminal) {
    return terminal ? AgentFailure.TERMINAL_EXIT_STATUS : ExitCode.SOFTWARE;
  }
}
