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
 * @param observeInterval how often a task's worker inspects its containers (exits, health)
 */
public record EngineSettings(String cluster, String containerInstanceArn, CreateHost host,
    ImagePullBehavior imagePullBehavior, Duration containerStopTimeout, Duration containerStartTimeout,
    Duration taskCleanupWaitDuration, PortRange dynamicHostPortRange, List<Integer> reservedPorts,
    List<Integer> reservedPortsUdp, Duration observeInterval) {

  public static final Duration DEFAULT_OBSERVE_INTERVAL = Duration.ofMillis(500);

  public EngineSettings {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
    Objects.requireNonNull(host, "host");
    reservedPorts = List.copyOf(reservedPorts);
    reservedPortsUdp = List.copyOf(reservedPortsUdp);
  }

  public static EngineSettings of(AgentConfig config, String containerInstanceArn, CreateHost host) {
    return new EngineSettings(config.cluster(), containerInstanceArn, host, config.imagePullBehavior(),
        config.containerStopTimeout(), config.containerStartTimeout(), config.taskCleanupWaitDuration(),
        config.dynamicHostPortRange(), config.reservedPorts(), config.reservedPortsUdp(), DEFAULT_OBSERVE_INTERVAL);
  }

  public EngineSettings withTaskCleanupWaitDuration(Duration value) {
    return new EngineSettings(cluster, containerInstanceArn, host, imagePullBehavior, containerStopTimeout,
        containerStartTimeout, value, dynamicHostPortRange, reservedPorts, reservedPortsUdp, observeInterval);
  }

  public EngineSettings withImagePullBehavior(ImagePullBehavior value) {
    return new EngineSettings(cluster, containerInstanceArn, host, value, containerStopTimeout,
        containerStartTimeout, taskCleanupWaitDuration, dynamicHostPortRange, reservedPorts, reservedPortsUdp,
        observeInterval);
  }
}
