package dev.gantry.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * When the server last heard from each container instance's agent (its last poll), by
 * container instance ARN. The controller passes an entry for every instance it knows; for an
 * agent it has not heard from since it started, the time it started, so that a restarted server
 * gives every agent a full liveness TTL. An instance with tasks but no entry (deregistered, say)
 * counts as last seen when the reconciler first noticed that.
 */
public record AgentLiveness(Map<String, Instant> lastSeen) {
  public AgentLiveness {
    lastSeen = Map.copyOf(lastSeen);
  }

  public Optional<Instant> lastSeen(String containerInstanceArn) {
    return Optional.ofNullable(lastSeen.get(containerInstanceArn));
  }
}
