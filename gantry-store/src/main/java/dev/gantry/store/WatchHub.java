package dev.gantry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where committed changes meet the watches waiting for them.
 *
 * <p>The writer publishes each commit's events here after the commit is durable. The hub keeps
 * the most recent events in memory (whole revisions, at most about {@code capacity} events), so
 * a watch that keeps up never touches the database; one that is further behind than the
 * memory tail is told to read the change log up to a revision instead. Either way a watch moves
 * one cursor (the last revision it has fully seen) over one ordered sequence, so the handover
 * from history to live events can neither lose nor repeat an event.
 */
final class WatchHub {
  /** What a watch should do next. */
  sealed interface Next {
    /** Deliver these events (already filtered), then continue after {@code upTo}. */
    record Events(List<WatchEvent> events, long upTo) implements Next {}

    /** The needed events are no longer in memory: read the change log after the cursor through {@code upTo}. */
    record ReadLog(long upTo) implements Next {}

    /** The watch or the hub was closed. */
    record Stopped() implements Next {}
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int capacity;
  private final ArrayList<WatchEvent> tail = new ArrayList<>();
  /** Every event with a revision greater than this is in {@link #tail}. */
  private long tailFrom;
  private long committed;
  private boolean closed;

  WatchHub(long revision, int capacity) {
    this.tailFrom = revision;
    this.committed = revision;
    this.capacity = capacity;
  }

  void publish(List<WatchEvent> events, long revision) {
    lock.lock();
    try {
      tail.addAll(events);
      committed = revision;
      trim();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops the oldest whole revisions once the tail is twice its capacity (amortised O(1)). */
  private void trim() {
    if (tail.size() <= 2 * capacity) {
      return;
    }
    int cut = tail.size() - capacity;
    long cutRevision = tail.get(cut - 1).revision();
    while (cut < tail.size() && tail.get(cut).revision() == cutRevision) {
      cut++;
    }
    tail.subList(0, cut).clear();
    tailFrom = cutRevision;
  }

  /** Wakes every waiting watch so that one that was closed notices. */
  void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until something was committed after {@code cursor}, or the watch or hub stopped. */
  Next next(long cursor, String prefix, BooleanSupplier watchClosed) {
    lock.lock();
    try {
      while (committed <= cursor && !closed && !watchClosed.getAsBoolean()) {
        changed.awaitUninterruptibly();
      }
      if (closed || watchClosed.getAsBoolean()) {
        return new Next.Stopped();
      }
      if (cursor < tailFrom) {
        return new Next.ReadLog(tailFrom);
      }
      List<WatchEvent> out = new ArrayList<>();
      for (int i = firstAfter(cursor); i < tail.size(); i++) {
        WatchEvent e = tail.get(i);
        if (e.kv().key().startsWith(prefix)) {
          out.add(e);
        }
      }
      return new Next.Events(out, committed);
    } finally {
      lock.unlock();
    }
  }

  private int firstAfter(long revision) {
    int lo = 0;
    int hi = tail.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tail.get(mid).revision() <= revision) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
