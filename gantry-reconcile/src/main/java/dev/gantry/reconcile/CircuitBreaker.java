package dev.gantry.reconcile;

import dev.gantry.model.DeploymentRolloutState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment circuit breaker: adds the newly failed tasks to each deployment's
 * {@code failedTasks}; when the primary deployment, still IN_PROGRESS with the breaker enabled,
 * reaches the threshold (half the desired count, rounded up, clamped to [3, 200], as ECS
 * computes it today) its rollout is FAILED and it launches nothing more. With rollback, the most
 * recent other deployment whose rollout COMPLETED becomes PRIMARY again (IN_PROGRESS, its count
 * reset) and the failed one ACTIVE, to be drained; a rollback that fails too has nothing left to
 * roll back to, so it cannot loop.
 */
final class CircuitBreaker {
  static final int MIN_THRESHOLD = 3;
  static final int MAX_THRESHOLD = 200;

  private CircuitBreaker() {}

  static int threshold(int desired) {
    int half = (desired + 1) / 2;
    return Math.clamp(half, MIN_THRESHOLD, MAX_THRESHOLD);
  }

  /** The deployments after counting {@code failures} (deployment id to new failed tasks); primary first. */
  static List<DeploymentSpec> apply(ServiceSpec spec, Map<String, Integer> failures, int desired, Instant now,
      ServiceEvents events) {
    List<DeploymentSpec> out = new ArrayList<>();
    for (DeploymentSpec d : spec.deployments()) {
      int n = failures.getOrDefault(d.id(), 0);
      out.add(n == 0 ? d : d.withFailedTasks(d.failedTasks() + n));
    }
    DeploymentSpec primary = out.get(0);
    DeploymentConfig config = spec.deploymentConfiguration();
    if (!config.circuitBreakerEnable() || primary.rolloutState() != DeploymentRolloutState.IN_PROGRESS
        || primary.failedTasks() < threshold(desired)) {
      return out;
    }
    primary = primary.withRollout(DeploymentRolloutState.FAILED, ServiceEvents.circuitBreakerFailed(), now);
    out.set(0, primary);
    events.add("(deployment " + primary.id() + ") deployment failed: tasks failed to start.");
    Optional<DeploymentSpec> target = config.circuitBreakerRollback() ? out.stream().skip(1)
        .filter(d -> d.rolloutState() == DeploymentRolloutState.COMPLETED)
        .max(Comparator.comparing(DeploymentSpec::createdAt)) : Optional.empty();
    if (target.isEmpty()) {
      return out;
    }
    DeploymentSpec back = target.get().withStatus(DeploymentStatus.PRIMARY, now)
        .withRollout(DeploymentRolloutState.IN_PROGRESS, ServiceEvents.rollingBack(target.get().id()), now)
        .withFailedTasks(0);
    List<DeploymentSpec> rolled = new ArrayList<>();
    rolled.add(back);
    rolled.add(primary.withStatus(DeploymentStatus.ACTIVE, now));
    out.stream().skip(1).filter(d -> !d.id().equals(back.id())).forEach(rolled::add);
    events.add("(deployment " + primary.id() + ") rolling back to deployment " + back.id() + ".");
    return rolled;
  }
}
