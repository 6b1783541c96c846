package dev.gantry.store;

/** One change seen by a watch: the key after a put, or the key's last state for a delete. */
public record WatchEvent(Type type, KeyValue kv, long revision) {
  public enum Type { PUT, DELETE }
}
