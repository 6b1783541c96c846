package dev.gantry.server.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived SigV4 signing keys per (secret, scope date, region): deriving one costs four HMACs,
 * and a busy client reuses the same key all day. Bounded crudely (cleared when full) since
 * the region in a scope is chosen by the caller.
 */
final class SigningKeyCache {
  private static final int MAX_ENTRIES = 4096;

  private final String service;
  private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();

  SigningKeyCache(String service) {
    this.service = service;
  }

  byte[] get(String secretAccessKey, String date, String region) {
    Key key = new Key(secretAccessKey, date, region);
    byte[] derived = keys.get(key);
    if (derived == null) {
      if (keys.size() >= MAX_ENTRIES) {
        keys.clear();
      }
      derived = SigV4.signingKey(secretAccessKey, date, region, service);
      keys.put(key, derived);
    }
    return derived;
  }

  int size() {
    return keys.size();
  }

  private record Key(String secretAccessKey, String date, String region) {
    @Override
    public String toString() {
      return "Key[" + date + "/" + region + "]";
    }
  }
}
