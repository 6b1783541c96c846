package dev.gantry.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.api.Principal;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.MutableClock;
import dev.gantry.store.Op;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentKeyStoreTest {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final String KEY = "AGNTABCDEFGHIJ012345";

  final InMemoryStateStore store = new InMemoryStateStore();
  final MutableClock clock = new MutableClock(T0);
  final AgentKeyStore keys = new AgentKeyStore(store, clock);

  void mint() {
    StoredAgentKey key = new StoredAgentKey(KEY, "secret-secret-secret-secret", "demo", "aaaa", T0);
    store.txn(new Txn(List.of(), List.of(Op.put(Keys.credential(KEY), JsonCodec.encode(key)))));
  }

  @Test
  void findsAMintedKeyAsAnAgentOfItsInstance() {
    mint();

    var found = keys.find(KEY).orElseThrow();

    assertThat(found.secretAccessKey()).isEqualTo("secret-secret-secret-secret");
    assertThat(found.principal()).isEqualTo(new Principal.Agent(KEY, "demo", "aaaa"));
  }

  @Test
  void stopsAcceptingARevokedKeyWithinTheCacheTtl() {
    mint();
    assertThat(keys.find(KEY)).isPresent();
    store.txn(new Txn(List.of(), List.of(Op.delete(Keys.credential(KEY)))));

    assertThat(keys.find(KEY)).as("still cached").isPresent();
    clock.advance(AgentKeyStore.CACHE_TTL);
    assertThat(keys.find(KEY)).isEmpty();
  }

  @Test
  void acceptsAKeyMintedAfterAFailedLookupOnceForgotten() {
    assertThat(keys.find(KEY)).isEmpty();
    mint();

    keys.forget(KEY);

    assertThat(keys.find(KEY)).isPresent();
  }

  @ParameterizedTest(name = "''{0}'' is no key id")
  @ValueSource(strings = {"", "short", "AGNT/ABCDEFGHIJ01234", "AGNTABCDEFGHIJ01234 "})
  void refusesWhatCannotBeAKeyIdWithoutReadingTheStore(String id) {
    store.close(); // any store read would now throw

    assertThat(keys.find(id)).isEmpty();
  }

  @Test
  void neverShowsTheSecret() {
    StoredAgentKey key = new StoredAgentKey(KEY, "secret-secret-secret-secret", "demo", "aaaa", T0);

    assertThat(key.toString()).contains(KEY).doesNotContain("secret-secret");
  }
}
