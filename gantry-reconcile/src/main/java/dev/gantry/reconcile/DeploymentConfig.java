package dev.gantry.reconcile;

import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.SchedulingStrategy;

/**
 * A service's {@code deploymentConfiguration} with ECS's defaults filled in: REPLICA 100 / 200 %,
 * DAEMON 0 / 100 %; the deployment circuit breaker off unless enabled.
 */
public record DeploymentConfig(int minimumHealthyPercent, int maximumPercent, boolean circuitBreakerEnable,
    boolean circuitBreakerRollback) {

  public DeploymentConfig {
    // the API validates the ranges for the user; here only what would make the arithmetic wrong
    if (minimumHealthyPercent < 0 || maximumPercent < 0) {
      throw new IllegalArgumentException("minimumHealthyPercent and maximumPercent must be >= 0, got "
          + minimumHealthyPercent + " and " + maximumPercent);
    }
  }

  public static DeploymentConfig defaults(SchedulingStrategy strategy) {
    return strategy == SchedulingStrategy.DAEMON ? new DeploymentConfig(0, 100, false, false)
        : new DeploymentConfig(100, 200, false, false);
  }

  /** The wire configuration (null members absent) with the defaults for {@code strategy}. */
  public static DeploymentConfig of(DeploymentConfiguration wire, SchedulingStrategy strategy) {
    DeploymentConfig d = defaults(strategy);
    if (wire == null) {
      return d;
    }
    DeploymentCircuitBreaker cb = wire.deploymentCircuitBreaker();
    return new DeploymentConfig(
        wire.minimumHealthyPercent() != null ? wire.minimumHealthyPercent() : d.minimumHealthyPercent(),
        wire.maximumPercent() != null ? wire.maximumPercent() : d.maximumPercent(),
        cb != null && Boolean.TRUE.equals(cb.enable()),
        cb != null && Boolean.TRUE.equals(cb.enable()) && Boolean.TRUE.equals(cb.rollback()));
  }

  /** The fewest tasks that must stay healthy for {@code desired}: rounded up. */
  public int minimumHealthy(int desired) {
    return (int) ((long) desired * minimumHealthyPercent + 99) / 100;
  }

  /** The most tasks that may be running, pending or stopping for {@code desired}: rounded down. */
  public int maximumTasks(int desired) {
    return (int) ((long) desired * maximumPercent / 100);
  }

  /** At most the desired count at any time: a lost agent's tasks are fenced before replacement. */
  public boolean atMostDesired() {
    return maximumPercent <= 100;
  }
}
