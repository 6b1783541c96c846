package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on real SQLite files, plus what only the embedded store promises. */
@SuppressWarnings("try")
class SqliteStateStoreTest extends StateStoreContract {
  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final AtomicInteger files = new AtomicInteger();
  private Path file;

  private static SqliteStateStore.Settings fast() {
    return new SqliteStateStore.Settings(100_000, 2, Duration.ofMillis(5), Duration.ofSeconds(5), 16_384);
  }

  @Override
  protected StateStore newStore() {
    file = dir.resolve("store-" + files.incrementAndGet() + ".db");
    return SqliteStateStore.open(file, clock, fast());
  }

  @Override
  protected void compact(StateStore store, long throughRevision) {
    ((SqliteStateStore) store).compact(throughRevision);
  }

  @Override
  protected void passTime(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Optional<StateStore> reopen(StateStore store) {
    store.close();
    return Optional.of(SqliteStateStore.open(file, clock, fast()));
  }

  private SqliteStateStore sqlite() {
    return (SqliteStateStore) store;
  }

  private void reopenWith(SqliteStateStore.Settings settings) {
    store.close();
    store = SqliteStateStore.open(file, clock, settings);
  }

  /** Runs {@code n} txns from their own threads while the writer is held, so they form one batch. */
  private List<Future<TxnResult>> queueBatch(ExecutorService pool, List<Txn> txns) {
    CountDownLatch release = sqlite().holdWriter();
    try {
      List<Future<TxnResult>> results = new ArrayList<>();
      for (Txn t : txns) {
        results.add(pool.submit(() -> store.txn(t)));
      }
      await(txns.size() + " txns queued", () -> sqlite().queued() == txns.size());
      return results;
    } finally {
      release.countDown();
    }
  }

  @Test
  void walPagesReachTheDatabaseFileOffTheWriterAndCloseLeavesNoWal() throws Exception {
    byte[] value = new byte[4096];
    for (int i = 0; i < 500; i++) {
      store.txn(new Txn(List.of(), List.of(Op.put("/wal/" + i, value))));
    }
    // The writer never checkpoints (wal_autocheckpoint = 0): only the checkpointer (during or
    // after the writes) can have put these 2 MB of pages into the database file itself.
    await("the checkpointer copied the WAL into " + file, () -> sizeOf(file) > 500L * 4096);
    store.close();
    assertThat(sizeOf(Path.of(file + "-wal"))).as("WAL after close").isZero();
    store = SqliteStateStore.open(file, clock, fast());
    assertThat(store.range(Range.prefix("/wal/")).kvs()).hasSize(500);
  }

  private static long sizeOf(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static <T> T result(Future<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aQueuedBatchCommitsOnceWithOneRevisionPerTxn() throws Exception {
    long start = store.revision();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Txn> txns = LongStream.range(0, 16)
          .mapToObj(i -> new Txn(List.of(), List.of(Op.put("/g/" + i, bytes("v"))))).toList();
      long commits = sqlite().commits();
      List<Long> revisions = new ArrayList<>();
      for (Future<TxnResult> f : queueBatch(pool, txns)) {
        revisions.add(result(f).revision());
      }
      assertThat(sqlite().commits()).isEqualTo(commits + 1);
      assertThat(revisions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(start + 1, start + 16).boxed().toList());
      assertThat(store.range(Range.prefix("/g/")).kvs()).hasSize(16);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTxnInABatchSeesTheWritesOfEarlierTxnsInTheSameBatch() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Txn create = new Txn(List.of(Compare.absent("/once")), List.of(Op.put("/once", bytes("x"))));
      List<Future<TxnResult>> results = queueBatch(pool, List.of(create, create));
      assertThat(List.of(result(results.get(0)).succeeded(), result(results.get(1)).succeeded()))
          .containsExactlyInAnyOrder(true, false);
      assertThat(store.get("/once").orElseThrow().version()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRejectedTxnDoesNotSpoilTheRestOfItsBatch() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Txn badLease = new Txn(List.of(), List.of(new Op.Put("/bad", bytes("x"), 424_242)));
      Txn good = new Txn(List.of(), List.of(Op.put("/good", bytes("x"))));
      List<Future<TxnResult>> results = queueBatch(pool, List.of(badLease, good));
      assertThatThrownBy(() -> result(results.get(0))).hasCauseInstanceOf(StoreException.class)
          .hasMessageContaining("lease 424242");
      assertThat(result(results.get(1)).succeeded()).isTrue();
      assertThat(store.get("/good")).isPresent();
      assertThat(store.get("/bad")).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sixteenConcurrentWritersShareCommits() throws Exception {
    int writers = 16;
    int each = 20;
    long commits = sqlite().commits();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            put("/c/" + id + "/" + i, "v");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        result(f);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.range(Range.prefix("/c/")).kvs()).hasSize(writers * each);
    assertThat(sqlite().commits() - commits).isLessThan(writers * each);
  }

  @Test
  void aReopenedStoreKeepsItsLeasesAndRestartsTheirTtl() {
    long lease = store.grantLease(Duration.ofSeconds(10));
    store.txn(new Txn(List.of(), List.of(new Op.Put("/l/a", bytes("1"), lease))));
    clock.advance(Duration.ofSeconds(9));
    reopenWith(fast());
    clock.advance(Duration.ofSeconds(9));
    assertThat(store.keepAlive(lease)).as("18 s after grant, 9 s after reopen").isTrue();
    assertThat(store.get("/l/a")).isPresent();
    clock.advance(Duration.ofSeconds(11));
    await("the leased key expired", () -> store.get("/l/a").isEmpty());
    assertThat(store.keepAlive(lease)).isFalse();
  }

  @Test
  void keepAliveRenewsForTheFullTtl() {
    long lease = store.grantLease(Duration.ofSeconds(10));
    store.txn(new Txn(List.of(), List.of(new Op.Put("/l/a", bytes("1"), lease))));
    clock.advance(Duration.ofSeconds(6));
    assertThat(store.keepAlive(lease)).isTrue();
    clock.advance(Duration.ofSeconds(6));
    assertThat(store.keepAlive(lease)).as("12 s after grant, 6 s after renewal").isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.keepAlive(lease)).as("10 s after the last renewal").isFalse();
    await("the leased key expired", () -> store.get("/l/a").isEmpty());
  }

  @Test
  void historyOlderThanTheNewestRevisionsIsCompactedAutomatically() {
    reopenWith(fast().withHistoryRevisions(10));
    long start = store.revision();
    for (int i = 0; i < 30; i++) {
      put("/h/k", "" + i);
    }
    assertThatThrownBy(() -> store.watch("/h/", start, e -> { })).isInstanceOf(CompactedException.class)
        .hasMessageContaining("compacted");
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/h/", store.revision() - 10, seen)) {
      await("the last 10 revisions arrived", () -> seen.size() >= 10);
    }
    assertThat(seen.events().get(9).revision()).isEqualTo(store.revision());
  }

  @Test
  void aWatchFurtherBehindThanMemoryCatchesUpFromTheLog() throws Exception {
    reopenWith(fast().withWatchMemoryEvents(3));
    long start = store.revision();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        int id = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 75; i++) {
            put("/m/" + id, "" + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        result(f);
      }
    } finally {
      pool.shutdownNow();
    }
    WatchRecorder seen = new WatchRecorder();
    try (Watch w = store.watch("/m/", start, seen)) {
      put("/m/live", "1201");
      await("all 1201 events arrived", () -> seen.size() >= 1201);
      assertThat(seen.events()).extracting(WatchEvent::revision)
          .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, start + 1201).boxed().toList());
    }
  }

  @Test
  void aWatchThatFallsBehindCompactionEndsWithCompacted() throws Exception {
    reopenWith(fast().withHistoryRevisions(10).withWatchMemoryEvents(2));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    Watch w = store.watch("/s/", store.revision(), e -> {
      entered.countDown();
      try {
        unblock.await();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    });
    put("/s/k", "first");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      put("/s/k", "" + i);
    }
    unblock.countDown();
    assertThatThrownBy(() -> w.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CompactedException.class);
    w.close();
  }

  @Test
  void closingTheStoreEndsItsWatches() throws Exception {
    Watch w = store.watch("/x/", store.revision(), e -> { });
    store.close();
    assertThatThrownBy(() -> w.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreException.class);
  }

  @Test
  void closingAWatchCompletesItNormally() throws Exception {
    Watch w = store.watch("/x/", store.revision(), e -> { });
    w.close();
    assertThat(w.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aNewStoreFileAndItsWalAreReadableByTheOwnerOnly() throws IOException {
    put("/credentials/AKIDEXAMPLE", "secret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
  }

  @Test
  void aSecondOpenOfTheSameFileIsRefused() {
    assertThatThrownBy(() -> SqliteStateStore.open(file, clock, fast()))
        .isInstanceOf(StoreException.class).hasMessageContaining("already open");
  }

  @Test
  void aFileThatIsNotAStoreIsRefusedWithItsName() throws IOException {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not a database, just some text that is long enough to have a header".repeat(20));
    assertThatThrownBy(() -> SqliteStateStore.open(junk, clock, fast()))
        .isInstanceOf(StoreException.class).hasMessageContaining(junk.toString());
  }

  @Test
  void malformedTxnsAreRejectedBeforeTheyReachTheWriter() {
    assertThatThrownBy(() -> store.txn(new Txn(List.of(), List.of(Op.put("/a", bytes("1")), Op.delete("/a")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a");
    assertThatThrownBy(() -> store.txn(new Txn(List.of(), List.of(Op.put("", bytes("1"))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty key");
  }

  @Test
  void compactingBeyondTheCurrentRevisionIsRefused() {
    long rev = put("/a", "1");
    assertThatThrownBy(() -> sqlite().compact(rev + 5)).isInstanceOf(StoreException.class)
        .hasMessageContaining("revision " + rev);
  }

  @Test
  void closeFinishesQueuedWritesFirst() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TxnResult>> queued = new ArrayList<>();
      Future<?> closing;
      CountDownLatch release = sqlite().holdWriter();
      try {
        for (int i = 0; i < 4; i++) {
          String key = "/q/" + i;
          queued.add(pool.submit(() -> store.txn(new Txn(List.of(), List.of(Op.put(key, bytes("v")))))));
        }
        await("4 txns queued", () -> sqlite().queued() == 4);
        closing = pool.submit(store::close);
      } finally {
        release.countDown();
      }
      closing.get(10, TimeUnit.SECONDS);
      for (Future<TxnResult> f : queued) {
        assertThat(result(f).succeeded()).isTrue();
      }
      store = SqliteStateStore.open(file, clock, fast());
      assertThat(store.range(Range.prefix("/q/")).kvs()).hasSize(4);
    } finally {
      pool.shutdownNow();
    }
  }
}
