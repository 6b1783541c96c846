package dev.gantry.server.ops;

import dev.gantry.store.StateStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link PlacementCache} per cluster that has placed tasks through this server, created
 * on the cluster's first placement. A cache costs two store watches and the memory of its
 * cluster's instance records and task groups; it stops when the store closes.
 */
final class PlacementCaches {
  private final StateStore store;
  private final Map<String, PlacementCache> caches = new ConcurrentHashMap<>();

  PlacementCaches(StateStore store) {
    this.store = store;
  }

  PlacementCache of(String clusterName) {
    return caches.computeIfAbsent(clusterName, name -> new PlacementCache(store, name));
  }
}
