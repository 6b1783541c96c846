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
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that lets a test slip another writer's change (another handler, another server
 * replica) in between an operation's reads and its transaction, to show that the operation's
 * compares catch it. The change may itself write through this store: its own transactions pass
 * straight through.
 */
final class InterferingStore implements StateStore {
  private final StateStore delegate;
  private Runnable change = () -> {};
  private int remaining;
  private boolean interfering;

  InterferingStore() {
    this(new InMemoryStateStore());
  }

  InterferingStore(StateStore delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code change} once, just before the next transaction this store receives. */
  void beforeNextTxn(Runnable change) {
    beforeNextTxns(1, change);
  }

  /** Runs {@code change} just before each of the next {@code times} transactions (MAX_VALUE: all of them). */
  void beforeNextTxns(int times, Runnable change) {
    this.change = change;
    this.remaining = times;
  }

  @Override
  public TxnResult txn(Txn txn) {
    if (remaining > 0 && !interfering) {
      remaining--;
      interfering = true;
      try {
        change.run();
      } finally {
        interfering = false;
      }
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
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
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
