package dev.gantry.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link StateStore} must have, written against the port only so that the
 * embedded store and the etcd store run the same cases. Revisions are compared relative to the
 * store's revision at the start of a test, never as absolute numbers; anything asynchronous is
 * awaited with a deadline ({@link #patience}) rather than a fixed sleep, so a real etcd passes
 * too.
 */
// Watches opened in try-with-resources for their closing only.
@SuppressWarnings("try")
@Timeout(60)
public abstract class StateStoreContract {
  /** The store under test, fresh for every test. */
  protected StateStore store;

  /** A new store that holds no keys and is used by nothing but this test. */
  protected abstract StateStore newStore();

  /** Drops the store's change history through {@code throughRevision}. */
  protected abstract void compact(StateStore store, long throughRevision);

  /**
   * Lets {@code duration} pass on the store's clock: a store with a fake clock advances it, a
   * store on real time does nothing (the lease tests wait up to {@link #patience}).
   */
  protected abstract void passTime(Duration duration);

  /** Closes {@code store} and opens the same data again; empty when the store cannot. */
  protected Optional<StateStore> reopen(StateStore store) {
    return Optional.empty();
  }

  /** How long to wait for asynchronous effects (watch delivery, lease expiry). */
  protected Duration patience() {
    return Duration.ofSeconds(15);
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- helpers ----

  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  protected static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  protected long put(String key, String value) {
    TxnResult r = store.txn(new Txn(List.of(), List.of(Op.put(key, bytes(value)))));
    assertThat(r.succeeded()).isTrue();
    return r.revision();
  }

  protected long delete(String key) {
    return store.txn(new Txn(List.of(), List.of(Op.delete(key)))).revision();
  }

  protected String valueOf(String key) {
    return store.get(key).map(kv -> text(kv.value())).orElse("<absent>");
  }

  protected List<String> keys(RangeResult r) {
    return r.kvs().stream().map(KeyValue::key).toList();
  }

  protected void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + patience() + " waiting until " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }

  // ---- get, put, delete, revisions ----

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertThat(store.get("/missing")).isEmpty();
  }

  @Test
  void putThenGetReturnsTheValue() {
    put("/a", "one");
    assertThat(valueOf("/a")).isEqualTo("one");
  }

  @Test
  void deleteRemovesTheKeyAndAdvancesTheRevision() {
    long putRev = put("/a", "one");
    long delRev = delete("/a");
    assertThat(store.get("/a")).isEmpty();
    assertThat(delRev).isEqualTo(putRev + 1);
    assertThat(store.revision()).isEqualTo(delRev);
  }

  @Test
  void deletingAMissingKeyChangesNothing() {
    long before = put("/a", "one");
    TxnResult r = store.txn(new Txn(List.of(), List.of(Op.delete("/missing"))));
    assertThat(r).isEqualTo(new TxnResult(true, before));
    assertThat(store.revision()).isEqualTo(before);
  }

  @Test
  void firstPutSetsCreateAndModRevisionToItsRevisionAndVersionOne() {
    long rev = put("/a", "one");
    KeyValue kv = store.get("/a").orElseThrow();
    assertThat(List.of(kv.createRevision(), kv.modRevision(), kv.version(), kv.lease())).containsExactly(rev, rev, 1L, 0L);
  }

  @Test
  void laterPutsKeepTheCreateRevisionAndCountVersions() {
    long created = put("/a", "one");
    put("/other", "x");
    long modified = put("/a", "two");
    KeyValue kv = store.get("/a").orElseThrow();
    assertThat(List.of(kv.createRevision(), kv.modRevision(), kv.version())).containsExactly(created, modified, 2L);
    assertThat(modified).isEqualTo(created + 2);
  }

  @Test
  void aKeyPutAgainAfterDeletionStartsOver() {
    put("/a", "one");
    put("/a", "two");
    delete("/a");
    long recreated = put("/a", "three");
    KeyValue kv = store.get("/a").orElseThrow();
    assertThat(List.of(kv.createRevision(), kv.modRevision(), kv.version())).containsExactly(recreated, recreated, 1L);
  }

  @Test
  void eachSuccessfulWriteAdvancesTheRevisionByExactlyOne() {
    long start = store.revision();
    for (int i = 1; i <= 5; i++) {
      assertThat(put("/k" + i, "v")).isEqualTo(start + i);
    }
    assertThat(store.revision()).isEqualTo(start + 5);
  }

  @Test
  void aMultiOpTxnWritesEveryKeyAtOneRevision() {
    put("/gone", "x");
    TxnResult r = store.txn(new Txn(List.of(),
        List.of(Op.put("/a", bytes("1")), Op.put("/b", bytes("2")), Op.delete("/gone"))));
    assertThat(r.succeeded()).isTrue();
    assertThat(store.get("/a").orElseThrow().modRevision()).isEqualTo(r.revision());
    assertThat(store.get("/b").orElseThrow().modRevision()).isEqualTo(r.revision());
    assertThat(store.get("/gone")).isEmpty();
    assertThat(store.revision()).isEqualTo(r.revision());
  }

  // ---- range ----

  private void putAll(String... keys) {
    for (String k : keys) {
      put(k, "v" + k);
    }
  }

  @Test
  void rangeReturnsOnlyKeysUnderThePrefixInKeyOrder() {
    putAll("/r/c", "/r/a", "/rx", "/q", "/r/b", "/r/b/nested");
    RangeResult r = store.range(Range.prefix("/r/"));
    assertThat(keys(r)).containsExactly("/r/a", "/r/b", "/r/b/nested", "/r/c");
    assertThat(r.more()).isFalse();
    assertThat(text(r.kvs().get(0).value())).isEqualTo("v/r/a");
  }

  @Test
  void rangeOfAnEmptyPrefixIsEmpty() {
    putAll("/a/1");
    RangeResult r = store.range(Range.prefix("/b/"));
    assertThat(r.kvs()).isEmpty();
    assertThat(r.more()).isFalse();
  }

  @Test
  void reversedRangeReturnsKeysInDescendingOrder() {
    putAll("/r/c", "/r/a", "/r/b", "/s");
    assertThat(keys(store.range(Range.prefix("/r/").reversed()))).containsExactly("/r/c", "/r/b", "/r/a");
  }

  @Test
  void aLimitCutsTheListAndSaysThereIsMore() {
    putAll("/r/a", "/r/b", "/r/c");
    RangeResult cut = store.range(Range.prefix("/r/").limit(2));
    assertThat(keys(cut)).containsExactly("/r/a", "/r/b");
    assertThat(cut.more()).isTrue();
    RangeResult exact = store.range(Range.prefix("/r/").limit(3));
    assertThat(keys(exact)).hasSize(3);
    assertThat(exact.more()).isFalse();
    RangeResult reversed = store.range(Range.prefix("/r/").reversed().limit(1));
    assertThat(keys(reversed)).containsExactly("/r/c");
    assertThat(reversed.more()).isTrue();
  }

  @ParameterizedTest(name = "reversed={0}")
  @ValueSource(booleans = {false, true})
  void pagingWithAfterVisitsEveryKeyOnceInOrder(boolean reversed) {
    List<String> all = IntStream.range(0, 23).mapToObj(i -> String.format("/p/%03d", i)).toList();
    all.forEach(k -> put(k, k));
    put("/pz", "outside");
    Range first = reversed ? Range.prefix("/p/").reversed().limit(5) : Range.prefix("/p/").limit(5);
    List<String> seen = new ArrayList<>();
    RangeResult page = store.range(first);
    int pages = 1;
    seen.addAll(keys(page));
    while (page.more()) {
      page = store.range(first.after(seen.get(seen.size() - 1)));
      seen.addAll(keys(page));
      pages++;
    }
    List<String> expected = reversed ? all.reversed() : all;
    assertThat(seen).isEqualTo(expected);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void rangeReportsTheRevisionItReadAt() {
    putAll("/r/a", "/r/b");
    assertThat(store.range(Range.prefix("/r/")).revision()).isEqualTo(store.revision());
    put("/elsewhere", "x");
    assertThat(store.range(Range.prefix("/r/")).revision()).isEqualTo(store.revision());
  }

  @Test
  void rangeSeesEveryTxnWholeWhileWritersRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int i = 1; i <= 100; i++) {
          store.txn(new Txn(List.of(), List.of(Op.put("/pair/a", bytes("" + i)), Op.put("/pair/b", bytes("" + i)))));
        }
      });
      Future<Integer> reader = pool.submit(() -> {
        int pairs = 0;
        while (!writer.isDone() || pairs == 0) {
          RangeResult r = store.range(Range.prefix("/pair/"));
          if (r.kvs().size() == 2) {
            // Nothing else writes, so the pair's txn is the last one the read saw.
            assertThat(text(r.kvs().get(0).value())).isEqualTo(text(r.kvs().get(1).value()));
            assertThat(r.kvs()).extracting(KeyValue::modRevision).containsOnly(r.revision());
            pairs++;
          }
        }
        return pairs;
      });
      writer.get();
      assertThat(reader.get()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- txn ----

  @Test
  void aFailedCompareChangesNothing() {
    long rev = put("/a", "one");
    TxnResult r = store.txn(new Txn(List.of(new Compare.ModRevision("/a", rev + 100)),
        List.of(Op.put("/a", bytes("two")), Op.put("/b", bytes("new")), Op.delete("/c"))));
    assertThat(r).isEqualTo(new TxnResult(false, rev));
    assertThat(valueOf("/a")).isEqualTo("one");
    assertThat(store.get("/b")).isEmpty();
    assertThat(store.revision()).isEqualTo(rev);
  }

  @Test
  void aTxnAppliesOnlyWhenEveryCompareHolds() {
    long a = put("/a", "1");
    put("/b", "1");
    TxnResult r = store.txn(new Txn(List.of(new Compare.ModRevision("/a", a), Compare.absent("/b")),
        List.of(Op.put("/c", bytes("written")))));
    assertThat(r.succeeded()).isFalse();
    assertThat(store.get("/c")).isEmpty();
    TxnResult ok = store.txn(new Txn(List.of(new Compare.ModRevision("/a", a), Compare.absent("/nope")),
        List.of(Op.put("/c", bytes("written")))));
    assertThat(ok.succeeded()).isTrue();
    assertThat(valueOf("/c")).isEqualTo("written");
  }

  @Test
  void absentHoldsOnlyForAMissingKey() {
    Txn create = new Txn(List.of(Compare.absent("/a")), List.of(Op.put("/a", bytes("first"))));
    assertThat(store.txn(create).succeeded()).isTrue();
    Txn again = new Txn(List.of(Compare.absent("/a")), List.of(Op.put("/a", bytes("second"))));
    assertThat(store.txn(again).succeeded()).isFalse();
    assertThat(valueOf("/a")).isEqualTo("first");
    delete("/a");
    assertThat(store.txn(again).succeeded()).isTrue();
  }

  @Test
  void unchangedFailsOnceAnotherWriteCameBetween() {
    put("/a", "1");
    KeyValue seen = store.get("/a").orElseThrow();
    put("/a", "2");
    assertThat(store.txn(new Txn(List.of(Compare.unchanged(seen)), List.of(Op.put("/a", bytes("3"))))).succeeded()).isFalse();
    assertThat(valueOf("/a")).isEqualTo("2");
  }

  @Test
  void compareAndSwapIncrementsFromSixteenThreadsLoseNoUpdate() throws Exception {
    int threads = 16;
    int perThread = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            while (true) {
              Optional<KeyValue> cur = store.get("/counter");
              long n = cur.map(kv -> Long.parseLong(text(kv.value()))).orElse(0L);
              Compare unchanged = cur.map(Compare::unchanged).orElse(Compare.absent("/counter"));
              if (store.txn(new Txn(List.of(unchanged), List.of(Op.put("/counter", bytes("" + (n + 1)))))).succeeded()) {
                break;
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    KeyValue counter = store.get("/counter").orElseThrow();
    assertThat(text(counter.value())).isEqualTo("" + threads * perThread);
    assertThat(counter.version()).isEqualTo(threads * perThread);
  }

  @Test
  void aPutWithAnUnknownLeaseIsRejectedAndWritesNothing() {
    long rev = put("/a", "1");
    assertThatThrownBy(() -> store.txn(new Txn(List.of(),
        List.of(Op.put("/b", bytes("x")), new Op.Put("/c", bytes("y"), 987_654_321L)))))
        .isInstanceOf(StoreException.class);
    assertThat(store.get("/b")).isEmpty();
    assertThat(store.revision()).isEqualTo(rev);
  }

  // ---- watch ----

  @Test
  void watchDeliversHistoryThenLiveChangesInOrder() {
    long start = store.revision();
    put("/w/a", "1");
    put("/w/b", "1");
    delete("/w/a");
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/w/", start, seen)) {
      put("/w/c", "1");
      put("/w/b", "2");
      await("5 events arrived", () -> seen.size() >= 5);
      assertThat(seen.describe()).containsExactly(
          "PUT /w/a@" + (start + 1), "PUT /w/b@" + (start + 2), "DELETE /w/a@" + (start + 3),
          "PUT /w/c@" + (start + 4), "PUT /w/b@" + (start + 5));
      WatchEvent last = seen.events().get(4);
      assertThat(text(last.kv().value())).isEqualTo("2");
      assertThat(List.of(last.kv().createRevision(), last.kv().modRevision(), last.kv().version()))
          .containsExactly(start + 2, start + 5, 2L);
    }
  }

  @Test
  void watchSeesOnlyKeysUnderItsPrefix() {
    long start = store.revision();
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/w/", start, seen)) {
      put("/wx", "no");
      put("/w/a", "yes");
      put("/v/a", "no");
      put("/w/b", "yes");
      await("2 events arrived", () -> seen.size() >= 2);
      WatchRecorder all = new WatchRecorder();
      try (Watch sentinel = store.watch("/", store.revision() - 1, all)) {
        await("the sentinel saw the last write", () -> all.size() >= 1);
      }
      assertThat(seen.describe()).containsExactly("PUT /w/a@" + (start + 2), "PUT /w/b@" + (start + 4));
    }
  }

  @Test
  void aDeleteEventCarriesTheKeysLastState() {
    long created = put("/w/a", "last words");
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/w/", created, seen)) {
      long deleted = delete("/w/a");
      await("the delete arrived", () -> seen.size() >= 1);
      WatchEvent e = seen.events().get(0);
      assertThat(e.type()).isEqualTo(WatchEvent.Type.DELETE);
      assertThat(e.revision()).isEqualTo(deleted);
      assertThat(e.kv().key()).isEqualTo("/w/a");
      assertThat(text(e.kv().value())).isEqualTo("last words");
      assertThat(e.kv().createRevision()).isEqualTo(created);
    }
  }

  @Test
  void theEventsOfOneTxnShareItsRevision() {
    long start = store.revision();
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/w/", start, seen)) {
      TxnResult r = store.txn(new Txn(List.of(), List.of(Op.put("/w/a", bytes("1")), Op.put("/w/b", bytes("1")))));
      await("2 events arrived", () -> seen.size() >= 2);
      assertThat(seen.events()).extracting(WatchEvent::revision).containsExactly(r.revision(), r.revision());
    }
  }

  /** Events and progress marks in the order a watch delivered them: "PUT key@r", "PROGRESS r". */
  private static final class ProgressRecorder implements WatchListener {
    private final List<String> log = new java.util.ArrayList<>();
    private long progress = -1;

    @Override
    public synchronized void onEvent(WatchEvent e) {
      log.add(e.type() + " " + e.kv().key() + "@" + e.revision());
    }

    @Override
    public synchronized void onProgress(long revision) {
      log.add("PROGRESS " + revision);
      progress = revision;
    }

    synchronized long progress() {
      return progress;
    }

    synchronized List<String> log() {
      return List.copyOf(log);
    }
  }

  @Test
  void progressIsMarkedOnlyAfterEveryEventOfItsRevision() {
    long start = store.revision();
    ProgressRecorder seen = new ProgressRecorder();
    try (Watch w = store.watch("/w/", start, seen)) {
      long r = store.txn(new Txn(List.of(), List.of(Op.put("/w/a", bytes("1")), Op.put("/w/b", bytes("1")),
          Op.put("/other", bytes("1"))))).revision();
      await("progress reached the txn", () -> seen.progress() >= r);
      List<String> log = seen.log();
      int firstMark = log.indexOf(log.stream().filter(l -> l.startsWith("PROGRESS")).filter(l ->
          Long.parseLong(l.substring(9)) >= r).findFirst().orElseThrow());
      assertThat(log.subList(0, firstMark)).containsSubsequence("PUT /w/a@" + r, "PUT /w/b@" + r);
      assertThat(log).doesNotContain("PUT /other@" + r);
    }
  }

  @Test
  void progressFollowsWritesOutsideThePrefix() {
    long start = store.revision();
    ProgressRecorder seen = new ProgressRecorder();
    try (Watch w = store.watch("/w/", start, seen)) {
      long r = put("/v/a", "1");
      await("progress reached a write no event was delivered for", () -> seen.progress() >= r);
      assertThat(seen.log()).allMatch(l -> l.startsWith("PROGRESS"));
    }
  }

  @Test
  void progressMarksNeverGoBackAndStartAfterTheWatchesRevision() throws Exception {
    long start = store.revision();
    ProgressRecorder seen = new ProgressRecorder();
    try (Watch w = store.watch("/w/", start, seen)) {
      for (int i = 0; i < 50; i++) {
        put(i % 2 == 0 ? "/w/" + i : "/v/" + i, "" + i);
      }
      long last = store.revision();
      await("progress reached the last write", () -> seen.progress() >= last);
      List<Long> marks = seen.log().stream().filter(l -> l.startsWith("PROGRESS"))
          .map(l -> Long.parseLong(l.substring(9))).toList();
      assertThat(marks).isSorted().allMatch(m -> m > start);
    }
  }

  @Test
  void aWatchStartedWhileWritesRunMissesAndRepeatsNothing() throws Exception {
    int writes = 300;
    long start = store.revision();
    Thread writer = Thread.ofPlatform().start(() -> {
      for (int i = 1; i <= writes; i++) {
        put("/w/" + (i % 7), "" + i);
      }
    });
    await("some writes committed", () -> store.revision() >= start + writes / 3);
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/w/", start + 10, seen)) {
      writer.join();
      await("every write after the start arrived", () -> seen.size() >= writes - 10);
      WatchRecorder all = new WatchRecorder();
      try (Watch sentinel = store.watch("/w/", store.revision() - 1, all)) {
        await("a later watch saw the last write", () -> all.size() >= 1);
      }
      assertThat(seen.events()).extracting(WatchEvent::revision)
          .containsExactlyElementsOf(IntStream.rangeClosed(11, writes).mapToObj(i -> start + i).toList());
      assertThat(seen.events()).extracting(e -> text(e.kv().value()))
          .containsExactlyElementsOf(IntStream.rangeClosed(11, writes).mapToObj(i -> "" + i).toList());
    }
  }

  @Test
  void aClosedWatchDeliversNothingMore() {
    long start = store.revision();
    WatchRecorder closedOne = new WatchRecorder();
    Watch w = store.watch("/w/", start, closedOne);
    put("/w/a", "1");
    await("the first event arrived", () -> closedOne.size() >= 1);
    w.close();
    WatchRecorder open = new WatchRecorder();
    try (Watch other = store.watch("/w/", store.revision(), open)) {
      put("/w/b", "1");
      await("an open watch saw the next write", () -> open.size() >= 1);
    }
    assertThat(closedOne.describe()).containsExactly("PUT /w/a@" + (start + 1));
  }

  @Test
  void watchingFromACompactedRevisionThrowsCompacted() {
    long start = store.revision();
    for (int i = 0; i < 10; i++) {
      put("/w/k", "" + i);
    }
    compact(store, start + 5);
    assertThatThrownBy(() -> store.watch("/w/", start + 1, e -> { })).isInstanceOf(CompactedException.class);
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/w/", start + 5, seen)) {
      await("the kept history arrived", () -> seen.size() >= 5);
      assertThat(seen.events()).extracting(WatchEvent::revision)
          .containsExactly(start + 6, start + 7, start + 8, start + 9, start + 10);
    }
  }

  // ---- leases ----

  @Test
  void anExpiredLeaseDeletesItsKeysAndCannotBeKeptAlive() {
    Duration ttl = Duration.ofSeconds(2);
    long lease = store.grantLease(ttl);
    store.txn(new Txn(List.of(), List.of(new Op.Put("/l/a", bytes("1"), lease), new Op.Put("/l/b", bytes("1"), lease),
        Op.put("/l/unleased", bytes("1")))));
    assertThat(store.get("/l/a").orElseThrow().lease()).isEqualTo(lease);
    passTime(ttl.plusSeconds(1));
    await("the leased keys are gone", () -> store.get("/l/a").isEmpty() && store.get("/l/b").isEmpty());
    assertThat(store.keepAlive(lease)).isFalse();
    assertThat(store.get("/l/unleased")).isPresent();
  }

  @Test
  void keepAliveOfALiveLeaseSucceeds() {
    long lease = store.grantLease(Duration.ofSeconds(30));
    assertThat(store.keepAlive(lease)).isTrue();
  }

  @Test
  void revokingALeaseDeletesAllItsKeysInOneRevision() {
    long lease = store.grantLease(Duration.ofSeconds(30));
    long other = store.grantLease(Duration.ofSeconds(30));
    store.txn(new Txn(List.of(), List.of(new Op.Put("/l/a", bytes("1"), lease), new Op.Put("/l/b", bytes("1"), lease),
        new Op.Put("/l/c", bytes("1"), other))));
    long before = store.revision();
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/l/", before, seen)) {
      store.revokeLease(lease);
      assertThat(store.revision()).isEqualTo(before + 1);
      assertThat(store.get("/l/a")).isEmpty();
      assertThat(store.get("/l/b")).isEmpty();
      assertThat(store.get("/l/c")).isPresent();
      assertThat(store.keepAlive(lease)).isFalse();
      await("both deletions arrived", () -> seen.size() >= 2);
      assertThat(seen.describe()).containsExactlyInAnyOrder("DELETE /l/a@" + (before + 1), "DELETE /l/b@" + (before + 1));
    }
  }

  // ---- lifecycle ----

  @Test
  void aClosedStoreRefusesEveryCall() {
    put("/a", "1");
    store.close();
    assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.range(Range.prefix("/"))).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> put("/a", "2")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.watch("/", 0, e -> { })).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.grantLease(Duration.ofSeconds(5))).isInstanceOf(StoreException.class);
  }

  @Test
  void aReopenedStoreKeepsKeysRevisionsAndHistory() {
    long start = store.revision();
    put("/d/a", "1");
    put("/d/b", "1");
    long last = put("/d/a", "2");
    Optional<StateStore> reopened = reopen(store);
    org.junit.jupiter.api.Assumptions.assumeTrue(reopened.isPresent(), "this store cannot be reopened");
    store = reopened.get();
    assertThat(store.revision()).isEqualTo(last);
    KeyValue a = store.get("/d/a").orElseThrow();
    assertThat(List.of(text(a.value()), "" + a.createRevision(), "" + a.modRevision(), "" + a.version()))
        .containsExactly("2", "" + (start + 1), "" + last, "2");
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/d/", start, seen)) {
      assertThat(put("/d/c", "1")).isEqualTo(last + 1);
      await("history and the new write arrived", () -> seen.size() >= 4);
      assertThat(seen.events()).extracting(WatchEvent::revision).containsExactly(start + 1, start + 2, start + 3, start + 4);
    }
  }
}
