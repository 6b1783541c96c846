package dev.gantry.store;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that passes every call of the port to another, for tests that watch or disturb one
 * kind of call (reads counted, watches stalled, a writer slipped in before a transaction) and
 * override only that. The watch with progress marks is deliberately not forwarded: it keeps the
 * port's default, built on {@link #watch(String, long, Consumer)}, so that a subclass overriding
 * one watch sees both; a subclass that wants the delegate's own progress marks overrides it.
 */
public abstract class ForwardingStateStore implements StateStore {
  protected final StateStore delegate;

  protected ForwardingStateStore(StateStore delegate) {
    this.delegate = delegate;
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
  public TxnResult txn(Txn txn) {
    return delegate.txn(txn);
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
