package dev.gantry.server.ops;

import dev.gantry.store.KeyValue;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that records which keys and prefixes its callers read, and whose watches can be made
 * to stall (opened, but delivering nothing), so a test can show what a pass reads and that a
 * cache that fell behind is read afresh rather than trusted.
 */
final class ObservedStore implements StateStore {
  private final StateStore delegate;
  private final List<String> reads = new ArrayList<>();
  private volatile boolean stallWatches;

  ObservedStore(StateStore delegate) {
    this.delegate = delegate;
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
  public TxnResult txn(Txn txn) {
    return delegate.txn(txn);
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

  @Override
  public long grantLease(Duration ttl) {
    return delegate.grantLease(ttl);
  }

  @Override
  public boolean keepAlive(long leaseId) {
    return delegate.keepAlive(leaseId);
  }

  @Override
  public void revokeLease(long leaseId) {
    delegate.revokeLease(leaseId);
  }

  @Override
  public long revision() {
    return delegate.revision();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
