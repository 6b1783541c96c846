package dev.gantry.server.agent;

import dev.gantry.server.api.Principal;
import dev.gantry.server.auth.Credential;
import dev.gantry.server.auth.CredentialStore;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The agent key pairs minted into the store, as the SigV4 verifier looks them up. Every
 * signed request looks its key up, so answers (found or not) are cached for
 * {@link #CACHE_TTL}: a key deleted from the store (revoked) stops working within that time,
 * on every server. A key minted by this server is usable at once ({@link #forget}); on another
 * server it may take up to the TTL. The cache is bounded: when full it is dropped whole, since
 * a flood of made-up key ids must not grow it without end.
 */
final class AgentKeyStore implements CredentialStore {
  static final Duration CACHE_TTL = Duration.ofSeconds(2);
  static final int CACHE_LIMIT = 10_000;
  /** IAM's access key id shape; anything else cannot be a key this server minted. */
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\w{16,128}");
  private static final System.Logger LOG = System.getLogger(AgentKeyStore.class.getName());

  private final StateStore store;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<Credential> credential, Instant until) {}

  AgentKeyStore(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<Credential> find(String accessKeyId) {
    if (accessKeyId == null || !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Cached cached = cache.get(accessKeyId);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.credential();
    }
    Optional<Credential> found = load(accessKeyId);
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(accessKeyId, new Cached(found, now.plus(CACHE_TTL)));
    return found;
  }

  /** Drops what is cached for {@code accessKeyId}, so that the next lookup reads the store. */
  void forget(String accessKeyId) {
    cache.remove(accessKeyId);
  }

  private Optional<Credential> load(String accessKeyId) {
    return store.get(Keys.credential(accessKeyId)).flatMap(kv -> {
      StoredAgentKey key;
      try {
        key = JsonCodec.decode(kv.value(), StoredAgentKey.class);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the stored agent key " + accessKeyId + " cannot be read; it is refused: " + e);
        return Optional.empty();
      }
      if (!accessKeyId.equals(key.accessKeyId()) || key.secretAccessKey() == null || key.cluster() == null
          || key.containerInstanceId() == null) {
        LOG.log(Level.WARNING, "the stored agent key " + accessKeyId + " is incomplete; it is refused");
        return Optional.empty();
      }
      return Optional.of(new Credential(accessKeyId, key.secretAccessKey(),
          new Principal.Agent(accessKeyId, key.cluster(), key.containerInstanceId())));
    });
  }

  @Override
  public String toString() {
    return "AgentKeyStore[" + cache.size() + " cached]";
  }
}
