package dev.gantry.server.ops;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Striped in-process locks per cluster, so that the task writers of one cluster in this server
 * (placements and state changes, which all touch its container instances) queue up instead of
 * spending their compare-and-retry budget on each other. Only for speed: the store's compares
 * keep several server replicas correct.
 */
final class ClusterLocks {
  private static final int STRIPES = 64;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  ClusterLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  <T> T withLock(String clusterName, Supplier<T> body) {
    ReentrantLock lock = locks[Math.floorMod(clusterName.hashCode(), STRIPES)];
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
