package dev.gantry.server.ops;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Striped in-process locks per task-definition family, so that concurrent writers of one
 * family in this server queue up instead of burning their compare-and-retry budget on each
 * other. The locks are only for speed: correctness comes from the store's compares, because
 * several server replicas may write the same family.
 */
final class FamilyLocks {
  private static final int STRIPES = 64;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  FamilyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  <T> T withLock(String family, Supplier<T> body) {
    ReentrantLock lock = locks[Math.floorMod(family.hashCode(), STRIPES)];
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
