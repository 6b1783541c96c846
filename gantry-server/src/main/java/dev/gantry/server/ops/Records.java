package dev.gantry.server.ops;

import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.StateStore;
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
    return store.get(key).map(kv -> new Versioned<>(JsonCodec.decode(kv.value(), type), kv));
  }

  static <T> T decode(KeyValue kv, Class<T> type) {
    return JsonCodec.decode(kv.value(), type);
  }
}
