package dev.gantry.store;

/** A watch asked for history older than the store keeps; re-read with range and watch anew. */
public final class CompactedException extends StoreException {
  public CompactedException(long requested, long oldestKept) {
    super("revision " + requested + " is compacted; oldest kept is " + oldestKept);
  }
}
