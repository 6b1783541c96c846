package dev.gantry.store;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port every control-plane component talks to: a revisioned key-value store with the
 * semantics of etcd v3, so that the embedded SQLite store and an etcd cluster are
 * interchangeable.
 *
 * <p>Every successful write transaction advances one store-wide revision; each key remembers
 * the revision that created it and the one that last modified it. Optimistic concurrency is
 * done with {@link Compare}s on a key's mod-revision inside {@link #txn}: the whole transaction
 * applies, or nothing does. Values are opaque bytes (JSON of the model records, see
 * {@link JsonCodec}). Implementations are thread-safe.
 */
public interface StateStore extends AutoCloseable {

  /** The current value of one key, if present. */
  Optional<KeyValue> get(String key);

  /** Keys under a prefix, in key order (or reverse), all read at one consistent revision. */
  RangeResult range(Range range);

  /**
   * Applies {@code txn.then()} atomically if every compare holds; otherwise changes nothing.
   * A successful transaction is durable when this method returns.
   */
  TxnResult txn(Txn txn);

  /**
   * Delivers, in revision order, every change under {@code prefix} with a revision greater
   * than {@code afterRevision}, first the past ones still in history and then new ones as
   * they commit. Throws {@link CompactedException} when that history is no longer kept; a
   * watch that later falls that far behind ends, which {@link Watch#stopped} reports. The
   * listener is called from one thread per watch, one event at a time.
   */
  Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener);

  /**
   * {@link #watch(String, long, Consumer)} with progress marks: after the events it delivers,
   * the listener learns the revision through which everything under {@code prefix} has been
   * delivered, also when the revisions in between changed nothing under it. Stores should
   * override this to mark progress as soon as they know it; this default, which any
   * implementation satisfies, only knows that revision {@code r - 1} is complete once an event
   * of revision {@code r} arrives, so its marks can lag until the next change under the prefix.
   */
  default Watch watch(String prefix, long afterRevision, WatchListener listener) {
    long[] marked = {afterRevision};
    return watch(prefix, afterRevision, event -> {
      if (event.revision() - 1 > marked[0]) {
        marked[0] = event.revision() - 1;
        listener.onProgress(marked[0]);
      }
      listener.onEvent(event);
    });
  }

  /** Grants a lease; keys put with it are deleted when it expires or is revoked. */
  long grantLease(Duration ttl);

  /** Renews a lease for its full TTL; false if it has already expired or was revoked. */
  boolean keepAlive(long leaseId);

  /** Revokes a lease now, deleting its keys in one revision; an unknown or ended lease is left alone. */
  void revokeLease(long leaseId);

  /** The store-wide revision of the last committed write. */
  long revision();

  @Override
  void close();
}
