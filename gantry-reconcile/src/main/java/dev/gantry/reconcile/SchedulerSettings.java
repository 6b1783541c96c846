package dev.gantry.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * The scheduler's timing. {@code settleTime}: how long a task of a deployment without health
 * checks must have been RUNNING before it counts as healthy (ECS waits 40 s). {@code livenessTtl}
 * and {@code replaceGrace}: an agent not heard from for their sum is lost and its service tasks
 * are replaced (design defaults 10 s + 5 s). {@code fencingMargin}: the extra wait, after a lost
 * agent's lease and its tasks' stopTimeout, before an at-most-desired service starts replacements
 * (see {@link ServiceReconciler}). {@code placementRetry}: when to try again after a task could
 * not be placed. {@code eventRepeat}: how long an unchanged condition's service event stays
 * unrepeated (ECS: six hours).
 */
public record SchedulerSettings(Duration settleTime, Duration livenessTtl, Duration replaceGrace,
    Duration fencingMargin, Duration placementRetry, Duration eventRepeat) {

  public static final SchedulerSettings DEFAULTS = new SchedulerSettings(Duration.ofSeconds(40),
      Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofHours(6));

  public SchedulerSettings {
    for (Duration d : new Duration[] {settleTime, livenessTtl, replaceGrace, fencingMargin, placementRetry,
        eventRepeat}) {
      if (Objects.requireNonNull(d).isNegative()) {
        throw new IllegalArgumentException("scheduler durations must be >= 0, got " + d);
      }
    }
  }

  public SchedulerSettings withSettleTime(Duration d) {
    return new SchedulerSettings(d, livenessTtl, replaceGrace, fencingMargin, placementRetry, eventRepeat);
  }

  public SchedulerSettings withLiveness(Duration ttl, Duration grace) {
    return new SchedulerSettings(settleTime, ttl, grace, fencingMargin, placementRetry, eventRepeat);
  }

  public SchedulerSettings withFencingMargin(Duration d) {
    return new SchedulerSettings(settleTime, livenessTtl, replaceGrace, d, placementRetry, eventRepeat);
  }
}
