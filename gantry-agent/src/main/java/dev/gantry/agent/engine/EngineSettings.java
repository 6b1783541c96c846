package dev.gantry.agent.engine;

import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.config.PortRange;
import dev.gantry.agent.docker.create.CreateHost;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the task engine runs by: who it is (cluster, container instance), the ECS_* knobs it
 * honours, and how often it looks at running containers.
 *
 * <p>Docker's events tell a worker when one of its containers changed (exit, OOM, health), so a
 * settled task is inspected only every {@code reobserveInterval}, as a safety net for an event
 * lost; a task on its way (starting, stopping, waiting for a dependency, with a report not yet
 * sent) looks every {@code observeInterval}.
 *
 * @param observeInterval how often the worker of a task on its way looks at its containers
 * @param reobserveInterval how often the worker of a settled task looks anyway, events or not
 */
public record EngineSettings(String cluster, String containerInstanceArn, CreateHost host,
    ImagePullBehavior imagePullBehavior, Duration containerStopTimeout, Duration containerStartTimeout,
    Duration taskCleanupWaitDuration, PortRange dynamicHostPortRange, List<Integer> reservedPorts,
    List<Integer> reservedPortsUdp, Duration observeInterval, Duration reobserveInterval) {

  public static final Duration DEFAULT_OBSERVE_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_REOBSERVE_INTERVAL = Duration.ofSeconds(30);

  public EngineSettings {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
    Objects.requireNonNull(host, "host");
    reservedPorts = List.copyOf(reservedPorts);
    reservedPortsUdp = List.copyOf(reservedPortsUdp);
    Objects.requireNonNull(observeInterval, "observeInterval");
    Objects.requireNonNull(reobserveInterval, "reobserveInterval");
  }

  public static EngineSettings of(AgentConfig config, String containerInstanceArn, CreateHost host) {
    return new EngineSettings(config.cluster(), containerInstanceArn, host, config.imagePullBehavior(),
        config.containerStopTimeout(), config.containerStartTimeout(), config.taskCleanupWaitDuration(),
        config.dynamicHostPortRange(), config.reservedPorts(), config.reservedPortsUdp(), DEFAULT_OBSERVE_INTERVAL,
        DEFAULT_REOBSERVE_INTERVAL);
  }

  public EngineSettings withTaskCleanupWaitDuration(Duration value) {
    return new EngineSettings(cluster, containerInstanceArn, host, imagePullBehavior, containerStopTimeout,
        containerStartTimeout, value, dynamicHostPortRange, reservedPorts, reservedPortsUdp, observeInterval,
        reobserveInterval);
  }

  public EngineSettings withImagePullBehavior(ImagePullBehavior value) {
    return new EngineSettings(cluster, containerInstanceArn, host, value, containerStopTimeout,
        containerStartTimeout, taskCleanupWaitDuration, dynamicHostPortRange, reservedPorts, reservedPortsUdp,
        observeInterval, reobserveInterval);
  }

  public EngineSettings withObserveIntervals(Duration observe, Duration reobserve) {
    return new EngineSettings(cluster, containerInstanceArn, host, imagePullBehavior, containerStopTimeout,
        containerStartTimeout, taskCleanupWaitDuration, dynamicHostPortRange, reservedPorts, reservedPortsUdp,
        observe, reobserve);
  }
}
