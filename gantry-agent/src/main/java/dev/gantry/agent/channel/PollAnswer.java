package dev.gantry.agent.channel;

import dev.gantry.agent.engine.DesiredTask;
import java.time.Duration;
import java.util.List;

/**
 * The server's answer to a poll: the instance's whole desired task set at
 * {@code manifestRevision} (the same revision as asked when nothing changed), each task with its
 * task definition; {@code heartbeatIntervalSeconds} is the longest the server holds a poll, when
 * it says so (null otherwise, as in the wire records); {@code livenessTtlSeconds} is the lease
 * the server grants per answered poll (null from a server that does not say).
 */
public record PollAnswer(long manifestRevision, List<DesiredTask> tasks, Long heartbeatIntervalSeconds,
    Long livenessTtlSeconds) {
  public PollAnswer {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /** The lease this answer grants, zero when the server states none. */
  public Duration lease() {
    return livenessTtlSeconds == null ? Duration.ZERO : Duration.ofSeconds(livenessTtlSeconds);
  }
}
