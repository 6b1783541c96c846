package dev.gantry.server.ops;

import dev.gantry.store.StateStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link PlacementCache} per cluster that has placed tasks through this server (RunTask and
 * the service scheduler each keep their own), created on the cluster's first placement. A cache
 * costs two store watches and the memory of its cluster's instance records, task groups and
 * service tasks; it stops when the store closes.
 */
final class PlacementCaches {
  private final StateStore store;
  private final Duration catchUp;
  private final Map<String, PlacementCache> caches = new ConcurrentHashMap<>();

  PlacementCaches(StateStore store) {
    this(store, PlacementCache.CATCH_UP);
  }

  /** Caches whose snapshots wait {@code catchUp} for their watches before reading the store. */
  PlacementCaches(StateStore store, Duration catchUp) {
    this.store = store;
    this.catchUp = catchUp;
  }

  PlacementCache of(String clusterName) {
    return caches.computeIfAbsent(clusterName, name -> new PlacementCache(store, name, catchUp));
  }
}
