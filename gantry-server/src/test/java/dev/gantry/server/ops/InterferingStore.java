package dev.gantry.server.ops;

import dev.gantry.store.ForwardingStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchListener;
import dev.gantry.testkit.InMemoryStateStore;

/**
 * A store that lets a test slip another writer's change (another handler, another server
 * replica) in between an operation's reads and its transaction, to show that the operation's
 * compares catch it. The change may itself write through this store: its own transactions pass
 * straight through.
 */
final class InterferingStore extends ForwardingStateStore {
  private Runnable change = () -> {};
  private int remaining;
  private boolean interfering;

  InterferingStore() {
    this(new InMemoryStateStore());
  }

  InterferingStore(StateStore delegate) {
    super(delegate);
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

  // the delegate's own progress marks, as the stores under test have them
  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    return delegate.watch(prefix, afterRevision, listener);
  }
}
