package dev.gantry.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One watch, delivering on a virtual thread of its own so that a slow listener delays only
 * itself. Its cursor is the last revision it has fully delivered; events come from the
 * {@link WatchHub}'s memory tail, or from the change log when the cursor is older than that
 * tail. After each run of events it marks progress through the revision the run reached. Delivery holds {@link #delivering}, which {@link #close} also takes, so no event
 * reaches the listener after close() returns (unless close is called from the listener).
 */
final class SqliteWatch implements Watch, Runnable {
  /** Revisions read from the change log per query when catching up. */
  private static final long LOG_PAGE = 512;

  private final String prefix;
  private final WatchListener listener;
  private final WatchHub hub;
  private final SqliteReaders readers;
  private final ReentrantLock delivering = new ReentrantLock();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean closed;
  private long cursor;

  SqliteWatch(String prefix, long afterRevision, WatchListener listener, WatchHub hub, SqliteReaders readers) {
    this.prefix = prefix;
    this.cursor = afterRevision;
    this.listener = listener;
    this.hub = hub;
    this.readers = readers;
  }

  @Override
  public void run() {
    try {
      while (true) {
        switch (hub.next(cursor, prefix, () -> closed)) {
          case WatchHub.Next.Stopped s -> {
            if (closed) {
              stopped.complete(null);
            } else {
              stopped.completeExceptionally(new StoreException("the store was closed; the watch on " + prefix + " ended"));
            }
            return;
          }
          case WatchHub.Next.Events e -> {
            if (!deliver(e.events(), e.upTo())) {
              return;
            }
            cursor = e.upTo();
          }
          case WatchHub.Next.ReadLog r -> {
            long upTo = Math.min(r.upTo(), cursor + LOG_PAGE);
            if (!deliver(readers.changes(prefix, cursor, upTo), upTo)) {
              return;
            }
            cursor = upTo;
          }
        }
      }
    } catch (RuntimeException e) {
      if (closed) {
        stopped.complete(null);
      } else {
        stopped.completeExceptionally(e instanceof StoreException ? e
            : new StoreException("the watch on " + prefix + " failed: " + e, e));
      }
    }
  }

  /** Delivers {@code events}, then the progress mark {@code upTo}; false once the watch is closed. */
  private boolean deliver(List<WatchEvent> events, long upTo) {
    for (WatchEvent event : events) {
      if (!deliver(() -> listener.onEvent(event), event.revision())) {
        return false;
      }
    }
    return deliver(() -> listener.onProgress(upTo), upTo);
  }

  private boolean deliver(Runnable call, long revision) {
    delivering.lock();
    try {
      if (closed) {
        stopped.complete(null);
        return false;
      }
      call.run();
      return true;
    } catch (RuntimeException e) {
      closed = true;
      stopped.completeExceptionally(new StoreException(
          "the listener of the watch on " + prefix + " failed at revision " + revision + "; the watch ended", e));
      return false;
    } finally {
      delivering.unlock();
    }
  }

  @Override
  public CompletionStage<Void> stopped() {
    return stopped;
  }

  @Override
  public void close() {
    closed = true;
    hub.wake();
    delivering.lock();
    delivering.unlock();
    stopped.complete(null);
  }
}
