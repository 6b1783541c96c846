package dev.gantry.server.ops;

import dev.gantry.store.KeyValue;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An in-memory store that lets a test slip another writer's change in between an operation's
 * reads and its transaction, to show that the operation's compares catch it.
 */
final class InterferingStore implements StateStore {
  private final InMemoryStateStore delegate = new InMemoryStateStore();
  private Runnable beforeNextTxn;

  /** Runs {@code change} once, just before the next transaction this store receives. */
  void beforeNextTxn(Runnable change) {
    this.beforeNextTxn = change;
  }

  @Override
  public TxnResult txn(Txn txn) {
    Runnable change = beforeNextTxn;
    beforeNextTxn = null;
    if (change != null) {
      change.run();
    }
    return delegate.txn(txn);
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return delegate.get(key);
  }

  @Override
  public RangeResult range(Range range) {
    return delegate.range(range);
  }

  @Override
  public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
    return delegate.watch(prefix, afterRevision, listener);
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
