package dev.gantry.agent.channel;

import dev.gantry.agent.engine.TaskStateReporter;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerStateChange;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;

/**
 * The engine's reports as ECS API calls through the SDK's EcsClient (GantryEcsClient):
 * SubmitContainerStateChange and SubmitTaskStateChange. The SDK retries throttling and
 * connection errors itself; what still fails is thrown, and the engine sends it again on the
 * task's next round. stopCode and health are not members of these calls: the server derives the
 * stop code from the task's history; container health has no ECS API member to travel in.
 */
public final class EcsTaskStateReporter implements TaskStateReporter {
  private final EcsClient ecs;

  public EcsTaskStateReporter(EcsClient ecs) {
    this.ecs = ecs;
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
