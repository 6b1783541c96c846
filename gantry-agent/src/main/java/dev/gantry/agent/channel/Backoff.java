package dev.gantry.agent.channel;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the poller waits after {@code failures} failed polls in a row: doubling from
 * {@code base} up to {@code max}, with up to a fifth taken off at random so a fleet of agents
 * that lost the same server does not come back in step. Pure: the randomness comes in.
 */
public record Backoff(Duration base, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));

  public Duration delay(int failures, RandomGenerator random) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long millis = base.toMillis() << Math.min(failures - 1, 20);
    long capped = Math.min(millis, max.toMillis());
    long jitter = capped / 5 == 0 ? 0 : random.nextLong(capped / 5 + 1);
    return Duration.ofMillis(capped - jitter);
  }
}
