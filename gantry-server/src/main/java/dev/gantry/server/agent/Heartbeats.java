package dev.gantry.server.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When each container instance's agent was last heard from, in memory, and whether the store
 * currently says it is connected as far as this server knows. Pure bookkeeping for
 * {@link LivenessController}: time comes in as arguments.
 */
final class Heartbeats {
  /** A container instance: its cluster and id. */
  record InstanceRef(String cluster, String instanceId) {}

  private record Entry(Instant lastSeen, boolean connected) {}

  private final Map<InstanceRef, Entry> entries = new HashMap<>();

  /** A poll arrived from the instance's agent. */
  synchronized void polled(InstanceRef instance, Instant now) {
    entries.put(instance, new Entry(now, true));
  }

  /**
   * The store shows the registered instance with {@code storedConnected}. An instance first
   * seen connected (registered, or connected before this server started) gets a full TTL from
   * {@code now}; one this server marked disconnected that the store shows connected again (its
   * agent registered again) does too.
   */
  synchronized void noticed(InstanceRef instance, boolean storedConnected, Instant now) {
    Entry e = entries.get(instance);
    if (storedConnected && (e == null || !e.connected())) {
      entries.put(instance, new Entry(now, true));
    }
  }

  /** When the instance's agent was last heard from (or first noticed connected), if this server knows it. */
  synchronized Optional<Instant> lastSeen(InstanceRef instance) {
    return Optional.ofNullable(entries.get(instance)).map(Entry::lastSeen);
  }

  /** Forgets instances that are no longer registered. */
  synchronized void retainOnly(Set<InstanceRef> registered) {
    entries.keySet().retainAll(registered);
  }

  /** Connected instances not heard from for {@code ttl} or longer. */
  synchronized List<InstanceRef> expired(Instant now, Duration ttl) {
    return entries.entrySet().stream()
        .filter(e -> isExpired(e.getValue(), now, ttl))
        .map(Map.Entry::getKey)
        .sorted(java.util.Comparator.comparing(InstanceRef::cluster).thenComparing(InstanceRef::instanceId))
        .toList();
  }

  synchronized boolean isExpired(InstanceRef instance, Instant now, Duration ttl) {
    Entry e = entries.get(instance);
    return e != null && isExpired(e, now, ttl);
  }

  /** The store now says the instance is disconnected; it stays so until it polls (or registers) again. */
  synchronized void disconnected(InstanceRef instance) {
    entries.computeIfPresent(instance, (k, e) -> new Entry(e.lastSeen(), false));
  }

  private static boolean isExpired(Entry e, Instant now, Duration ttl) {
    return e.connected() && !now.isBefore(e.lastSeen().plus(ttl));
  }
}
