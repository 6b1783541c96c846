package dev.gantry.store;

/** A write of a {@link Txn}. */
public sealed interface Op {
  /** Sets a key; {@code lease} 0 for none. */
  record Put(String key, byte[] value, long lease) implements Op {}

  /** Removes a key if present. */
  record Delete(String key) implements Op {}

  static Op put(String key, byte[] value) {
    return new Put(key, value, 0);
  }

  static Op delete(String key) {
    return new Delete(key);
  }
}
