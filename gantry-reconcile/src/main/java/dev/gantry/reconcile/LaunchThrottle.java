package dev.gantry.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * The service's launch throttle, as ECS's service throttle logic: tasks that stop without ever
 * reaching RUNNING, one after another, space out further launches. The first
 * {@link #FREE_FAILURES} failures in a row cost nothing (a bad pull is often transient); each
 * further one doubles the wait after the last failure from {@link #FIRST_DELAY} up to
 * {@link #MAX_DELAY} (15 minutes, as in ECS). A task that reaches RUNNING after the last failure
 * ends the streak, and so does a new primary deployment (a new task definition).
 *
 * <p>Persisted inside {@link SchedulerState}: {@code deploymentId} is the primary deployment the
 * streak belongs to ("" before any failure), {@code lastFailureAt} is {@link Instant#EPOCH} when
 * there is none, so the record stays plain JSON.
 */
public record LaunchThrottle(String deploymentId, int startFailures, Instant lastFailureAt) {
  public static final int FREE_FAILURES = 3;
  public static final Duration FIRST_DELAY = Duration.ofSeconds(10);
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  public static final LaunchThrottle NONE = new LaunchThrottle("", 0, Instant.EPOCH);

  public LaunchThrottle {
    deploymentId = deploymentId == null ? "" : deploymentId;
    lastFailureAt = lastFailureAt == null ? Instant.EPOCH : lastFailureAt;
  }

  /** The wait before the next launch after {@code failures} failures in a row. */
  static Duration delay(int failures) {
    if (failures <= FREE_FAILURES) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - FREE_FAILURES - 1, 20);
    Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  /** When launches may resume. */
  Instant nextLaunchAt() {
    return lastFailureAt.plus(delay(startFailures));
  }

  boolean engaged() {
    return startFailures > FREE_FAILURES;
  }

  boolean blocks(Instant now) {
    return engaged() && now.isBefore(nextLaunchAt());
  }

  /** The streak as it applies to {@code primary}: a new deployment starts clean. */
  LaunchThrottle forDeployment(String primary) {
    return primary.equals(deploymentId) ? this : new LaunchThrottle(primary, 0, Instant.EPOCH);
  }

  LaunchThrottle failed(Instant at) {
    return new LaunchThrottle(deploymentId, startFailures + 1, at.isAfter(lastFailureAt) ? at : lastFailureAt);
  }

  LaunchThrottle reset() {
    return new LaunchThrottle(deploymentId, 0, Instant.EPOCH);
  }
}
