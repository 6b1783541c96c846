package dev.gantry.agent.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The fencing lease as the agent last held it, kept in ECS_DATADIR so that a process restarted
 * while the host is cut off still stops its fenced tasks in time ({@link RestartFence}).
 *
 * @param containerInstanceArn the instance whose containers the tasks are (agents sharing a dockerd never touch each other's)
 * @param deadline when the lease lapses, on the wall clock: a monotonic clock does not survive the process
 * @param lease the lease the server granted, which bounds how far ahead {@code deadline} may be believed
 * @param fencedTasks each fenced task that is meant to run, with the longest its containers take to stop
 */
public record SavedLease(String containerInstanceArn, Instant deadline, Duration lease,
    Map<String, Duration> fencedTasks) {
  public SavedLease {
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(lease, "lease");
    fencedTasks = Map.copyOf(fencedTasks);
  }

  /**
   * How long from {@code now} until the lease lapses: never negative, and never more than the
   * lease itself, so a wall clock stepped back across the restart delays the stop by one lease at
   * most (a clock stepped forward only stops the tasks earlier).
   */
  public Duration remaining(Instant now) {
    Duration left = Duration.between(now, deadline);
    return left.isNegative() ? Duration.ZERO : left.compareTo(lease) > 0 ? lease : left;
  }
}
