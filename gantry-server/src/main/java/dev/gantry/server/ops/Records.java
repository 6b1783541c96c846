package dev.gantry.server.ops;

import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed reads over the store: a stored record together with the mod-revision it was read at. */
final class Records {
  private Records() {}

  record Versioned<T>(T value, KeyValue kv) {
    long modRevision() {
      return kv.modRevision();
    }
  }

  static <T> Optional<Versioned<T>> get(StateStore store, String key, Class<T> type) {
    return store.get(key).map(kv -> versioned(kv, type));
  }

  static <T> Versioned<T> versioned(KeyValue kv, Class<T> type) {
    return new Versioned<>(decode(kv, type), kv);
  }

  /** Every record under {@code prefix}, in key order, with its revision. */
  static <T> List<Versioned<T>> all(StateStore store, String prefix, Class<T> type) {
    return store.range(Range.prefix(prefix)).kvs().stream().map(kv -> versioned(kv, type)).toList();
  }

  /** Every record under {@code prefix}, in key order. */
  static <T> List<T> values(StateStore store, String prefix, Class<T> type) {
    return store.range(Range.prefix(prefix)).kvs().stream().map(kv -> decode(kv, type)).toList();
  }

  static <T> T decode(KeyValue kv, Class<T> type) {
    return JsonCodec.decode(kv.value(), type);
  }

  /**
   * The write that replaces the record {@code read} with {@code next} if nobody changed it
   * since. The record keeps its lease: changing a record must not change how long it lives.
   */
  static Txn replace(KeyValue read, Object next) {
    return replace(read, JsonCodec.encode(next));
  }

  /**
   * The write that puts {@code next} at {@code key}: replacing {@code read} as
   * {@link #replace(KeyValue, Object)} does, or, when nothing was read, creating the key if
   * nobody created it since.
   */
  static Txn createOrReplace(String key, Optional<KeyValue> read, Object next) {
    return read.map(kv -> replace(kv, next)).orElseGet(() ->
        new Txn(List.of(Compare.absent(key)), List.of(Op.put(key, JsonCodec.encode(next)))));
  }

  /** {@link #replace(KeyValue, Object)} with the new value already encoded. */
  static Txn replace(KeyValue read, byte[] next) {
    return new Txn(List.of(Compare.unchanged(read)), List.of(new Op.Put(read.key(), next, read.lease())));
  }

  /**
   * Records replaced together in one transaction, each only if nobody changed it since it was
   * read; each keeps its lease, as in {@link #replace(KeyValue, Object)}.
   */
  static final class Replacements {
    private final List<Compare> guards = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();

    void add(KeyValue read, Object next) {
      guards.add(Compare.unchanged(read));
      ops.add(new Op.Put(read.key(), JsonCodec.encode(next), read.lease()));
    }

    /** The transaction that replaces them all; empty when nothing was added. */
    Optional<Txn> txn() {
      return ops.isEmpty() ? Optional.empty() : Optional.of(new Txn(List.copyOf(guards), List.copyOf(ops)));
    }
  }
}
