package dev.gantry.agent.channel;

import dev.gantry.agent.engine.DesiredTask;
import java.time.Duration;
import java.util.List;

/**
 * The server's answer to a poll: the instance's whole desired task set at
 * {@code manifestRevision} (the same revision as asked when nothing changed), each task with its
 * task definition; {@code heartbeatIntervalSeconds} is the longest the server holds a poll, when
 * it says so (null otherwise, as in the wire records); {@code livenessTtlSeconds} is the lease
 * ({@code fenceLeaseMillis}: the lease for fenced tasks, a little longer than the TTL; null from a
 * server that does not say).
 */
public record PollAnswer(long manifestRevision, List<DesiredTask> tasks, Long heartbeatIntervalSeconds,
    Long livenessTtlSeconds, Long fenceLeaseMillis) {
  public PollAnswer {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /** The fencing lease this answer grants (the liveness TTL from an older server), zero when it states none. */
  public Duration lease() {
    if (fenceLeaseMillis != null) {
      return Duration.ofMillis(fenceLeaseMillis);
    }
    return livenessTtlSeconds == null ? Duration.ZERO : Duration.ofSeconds(livenessTtlSeconds);
  }
}
