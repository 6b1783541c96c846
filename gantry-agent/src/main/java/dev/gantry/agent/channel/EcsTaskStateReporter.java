package dev.gantry.agent.channel;

import dev.gantry.agent.engine.TaskStateReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerStateChange;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;

/**
 * The engine's reports as ECS API calls through the SDK's EcsClient (GantryEcsClient):
 * SubmitContainerStateChange and SubmitTaskStateChange. The SDK retries throttling and
 * connection errors itself; what still fails is thrown, and the engine sends it again on the
 * task's next round. stopCode and health are not members of these calls: the server derives the
 * stop code from the task's history; container health, which has no ECS API member, goes to
 * Gantry's {@code /v1/agent/health} route.
 */
public final class EcsTaskStateReporter implements TaskStateReporter {
  private final EcsClient ecs;
  private final Optional<AgentChannelClient> health;

  public EcsTaskStateReporter(EcsClient ecs) {
    this(ecs, Optional.empty());
  }

  /** With {@code health}, container health goes to the server's {@code /v1/agent/health} route. */
  public EcsTaskStateReporter(EcsClient ecs, Optional<AgentChannelClient> health) {
    this.ecs = ecs;
    this.health = health;
  }

  @Override
  public void containerChanged(ContainerReport r) {
    ecs.submitContainerStateChange(b -> b.cluster(r.cluster()).task(r.taskArn()).containerName(r.containerName())
        .runtimeId(r.runtimeId().orElse(null)).status(r.status())
        .exitCode(r.exitCode().isPresent() ? r.exitCode().getAsInt() : null)
        .reason(r.reason().map(EcsTaskStateReporter::clip).orElse(null))
        .networkBindings(bindings(r.networkBindings())));
  }

  @Override
  public void taskChanged(TaskReport r) {
    ecs.submitTaskStateChange(b -> b.cluster(r.cluster()).task(r.taskArn()).status(r.status())
        .reason(r.reason().map(EcsTaskStateReporter::clip).orElse(null))
        .containers(r.containers().stream().map(c -> ContainerStateChange.builder().containerName(c.containerName())
            .runtimeId(c.runtimeId().orElse(null)).status(c.status())
            .exitCode(c.exitCode().isPresent() ? c.exitCode().getAsInt() : null)
            .reason(c.reason().map(EcsTaskStateReporter::clip).orElse(null))
            .networkBindings(bindings(c.networkBindings())).build()).toList())
        .pullStartedAt(r.pullStartedAt().orElse(null))
        .pullStoppedAt(r.pullStoppedAt().orElse(null))
        .executionStoppedAt(r.executionStoppedAt().orElse(null)));
    List<AgentChannelClient.ContainerHealth> checked = r.containers().stream()
        .filter(c -> c.health().isPresent())
        .map(c -> new AgentChannelClient.ContainerHealth(c.containerName(), c.health().get())).toList();
    if (health.isPresent() && !checked.isEmpty()) {
      try {
        health.get().reportHealth(r.cluster(), r.taskArn(), checked);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reporting health of " + r.taskArn(), e);
      }
    }
  }

  private static List<NetworkBinding> bindings(List<dev.gantry.model.NetworkBinding> bindings) {
    return bindings.stream().map(n -> NetworkBinding.builder().bindIP(n.bindIP()).containerPort(n.containerPort())
        .hostPort(n.hostPort()).protocol(n.protocol() == null ? null : n.protocol().toString()).build()).toList();
  }

  /** ECS caps reasons at 255 characters; Docker's messages can be longer. */
  static String clip(String reason) {
    return reason.length() <= 255 ? reason : reason.substring(0, 252) + "...";
  }
}
