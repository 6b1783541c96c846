package dev.gantry.store;

/** A condition of a {@link Txn}, evaluated against the state the transaction would change. */
public sealed interface Compare {
  String key();

  /** The key's mod-revision equals {@code modRevision}; 0 means "the key does not exist". */
  record ModRevision(String key, long modRevision) implements Compare {}

  static Compare absent(String key) {
    return new ModRevision(key, 0);
  }

  static Compare unchanged(KeyValue kv) {
    return new ModRevision(kv.key(), kv.modRevision());
  }
}
