package dev.gantry.store;

/**
 * Receives what a watch delivers: the changes under its prefix in revision order, and
 * progress marks saying how far delivery has come. A progress mark tells a reader that
 * nothing up to that revision is still on its way, so state built from the events is the
 * store's state at that revision, not a revision half applied (one transaction's changes
 * arrive as several events). Marks are also given when no change under the prefix was made,
 * so they follow the store's revision. Called from one thread per watch, one call at a time.
 */
public interface WatchListener {
  void onEvent(WatchEvent event);

  /** Every change under the prefix with a revision at most {@code revision} has been delivered. */
  void onProgress(long revision);
}
