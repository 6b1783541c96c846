package dev.gantry.server.ops;

import dev.gantry.store.ForwardingStateStore;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that records which keys and prefixes its callers read, and whose watches can be made
 * to stall (opened, but delivering nothing), so a test can show what a pass reads and that a
 * cache that fell behind is read afresh rather than trusted.
 */
final class ObservedStore extends ForwardingStateStore {
  private final List<String> reads = new ArrayList<>();
  private volatile boolean stallWatches;

  ObservedStore(StateStore delegate) {
    super(delegate);
  }

  /** Watches opened from now on deliver nothing (those already open keep delivering). */
  void stallNewWatches() {
    stallWatches = true;
  }

  /** Every get key and range prefix read so far, in order ({@code range:} before a prefix). */
  synchronized List<String> reads() {
    return List.copyOf(reads);
  }

  synchronized void forgetReads() {
    reads.clear();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    synchronized (this) {
      reads.add(key);
    }
    return delegate.get(key);
  }

  @Override
  public RangeResult range(Range range) {
    synchronized (this) {
      reads.add("range:" + range.prefix());
    }
    return delegate.range(range);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
    return delegate.watch(prefix, afterRevision, stallWatches ? e -> {} : listener);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    if (!stallWatches) {
      return delegate.watch(prefix, afterRevision, listener);
    }
    return delegate.watch(prefix, afterRevision, new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {}

      @Override
      public void onProgress(long revision) {}
    });
  }
}
