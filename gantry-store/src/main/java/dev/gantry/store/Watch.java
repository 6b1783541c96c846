package dev.gantry.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A running watch; closing it stops delivery. */
public interface Watch extends AutoCloseable {
  /**
   * Completes when delivery has stopped for good: normally once {@link #close} was called;
   * exceptionally when the store ended the watch, with {@link CompactedException} when the
   * watch fell further behind than the store keeps history, or {@link StoreException} when the
   * store closed or the listener threw. After an exceptional end, re-read with
   * {@link StateStore#range} and watch anew from that revision.
   *
   * <p>The default never completes, which suits a watch that only ends by being closed.
   */
  default CompletionStage<Void> stopped() {
    return new CompletableFuture<>();
  }

  /** Stops delivery; once it returns, the listener is not called again (unless it is calling close itself). */
  @Override
  void close();
}
