package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Task;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.MutableClock;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.SqliteStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reaper on a real SQLite store with a clock the test moves. */
class TaskReaperTest {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dir;
  MutableClock clock;
  StateStore sqlite;

  @BeforeEach
  void open() {
    clock = new MutableClock(T0);
    sqlite = SqliteStateStore.open(dir.resolve("gantry.db"), clock);
  }

  @AfterEach
  void close() {
    sqlite.close();
  }

  static Task task(String cluster, String id, String lastStatus, Instant stoppedAt) {
    return Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/" + cluster + "/" + id)
        .clusterArn("arn:aws:ecs:us-east-1:000000000000:cluster/" + cluster)
        .lastStatus(lastStatus).desiredStatus("STOPPED").createdAt(T0.minus(Duration.ofDays(1)))
        .stoppedAt(stoppedAt).build();
  }

  void put(String cluster, Task t) {
    String id = Tasks.id(t);
    sqlite.txn(new Txn(List.of(), List.of(Op.put(Keys.task(cluster, id), JsonCodec.encode(t)))));
  }

  List<String> stored() {
    return sqlite.range(Range.prefix(Keys.TASKS)).kvs().stream().map(kv -> kv.key()).toList();
  }

  @ParameterizedTest(name = "{0} stopped {1} min ago: kept {2}")
  @CsvSource({
      "STOPPED,        61, false",
      "STOPPED,        60, false",
      "STOPPED,        59, true",
      "STOPPED,         0, true",
      "RUNNING,       600, true",
      "DEACTIVATING,  600, true",
      "STOPPING,      600, true"})
  void deletesOnlyTasksStoppedForTheRetention(String lastStatus, int minutesAgo, boolean kept) {
    put("prod", task("prod", "t1", lastStatus, T0.minus(Duration.ofMinutes(minutesAgo))));

    TaskReaper.Round round = new TaskReaper(sqlite, clock, HOUR, TaskReaper.BATCH_SIZE).reap(T0);

    assertThat(stored()).hasSize(kept ? 1 : 0);
    assertThat(round.deleted()).isEqualTo(kept ? 0 : 1);
  }

  @Test
  void keepsFreshStoppedAndRunningTasksOfEveryClusterAndDeletesTheExpiredOnes() {
    put("prod", task("prod", "old", "STOPPED", T0.minus(Duration.ofMinutes(90))));
    put("prod", task("prod", "fresh", "STOPPED", T0.minus(Duration.ofMinutes(10))));
    put("prod", task("prod", "live", "RUNNING", null));
    put("test", task("test", "old", "STOPPED", T0.minus(Duration.ofHours(5))));

    TaskReaper.Round round = new TaskReaper(sqlite, clock, HOUR, TaskReaper.BATCH_SIZE).reap(T0);

    assertThat(stored()).containsExactly(Keys.task("prod", "fresh"), Keys.task("prod", "live"));
    assertThat(round).isEqualTo(new TaskReaper.Round(3, 2, 0));
  }

  @Test
  void usesExecutionStoppedAtWhenStoppedAtIsAbsent() {
    put("prod", task("prod", "a", "STOPPED", null).toBuilder().executionStoppedAt(T0.minus(Duration.ofHours(2)))
        .build());
    put("prod", task("prod", "b", "STOPPED", null).toBuilder().executionStoppedAt(T0.minusSeconds(5)).build());

    new TaskReaper(sqlite, clock, HOUR, TaskReaper.BATCH_SIZE).reap(T0);

    assertThat(stored()).containsExactly(Keys.task("prod", "b"));
  }

  @Test
  void timesAStoppedTaskWithoutAStopTimeFromWhenItWasFirstSeen() {
    put("prod", task("prod", "undated", "STOPPED", null));
    TaskReaper reaper = new TaskReaper(sqlite, clock, HOUR, TaskReaper.BATCH_SIZE);

    reaper.reap(T0);
    reaper.reap(T0.plus(Duration.ofMinutes(59)));
    assertThat(stored()).hasSize(1);

    reaper.reap(T0.plus(HOUR));
    assertThat(stored()).isEmpty();
  }

  @Test
  void leavesATaskChangedBetweenTheReadAndTheDeleteForTheNextRound() {
    put("prod", task("prod", "a", "STOPPED", T0.minus(Duration.ofHours(2))));
    put("prod", task("prod", "b", "STOPPED", T0.minus(Duration.ofHours(2))));
    put("prod", task("prod", "c", "STOPPED", T0.minus(Duration.ofHours(2))));
    InterferingStore store = new InterferingStore(sqlite);
    // another writer touches task b just before the reaper's first transaction
    store.beforeNextTxn(() -> put("prod", task("prod", "b", "STOPPED", T0.minus(Duration.ofHours(2)))
        .toBuilder().stoppedReason("changed").build()));
    TaskReaper reaper = new TaskReaper(store, clock, HOUR, TaskReaper.BATCH_SIZE);

    TaskReaper.Round first = reaper.reap(T0);

    assertThat(first).isEqualTo(new TaskReaper.Round(3, 2, 1));
    assertThat(stored()).containsExactly(Keys.task("prod", "b"));

    assertThat(reaper.reap(T0).deleted()).isEqualTo(1);
    assertThat(stored()).isEmpty();
  }

  @Test
  void neverDeletesATaskThatLeftStoppedBetweenTheReadAndTheDelete() {
    put("prod", task("prod", "a", "STOPPED", T0.minus(Duration.ofHours(2))));
    InterferingStore store = new InterferingStore(sqlite);
    store.beforeNextTxn(() -> put("prod", task("prod", "a", "RUNNING", null)));

    TaskReaper.Round round = new TaskReaper(store, clock, HOUR, TaskReaper.BATCH_SIZE).reap(T0);

    assertThat(round.deleted()).isZero();
    assertThat(stored()).containsExactly(Keys.task("prod", "a"));
  }

  @Test
  void deletesInBatchesOfAtMostTheBatchSizeAndNeverAcrossClusters() {
    for (int i = 0; i < 25; i++) {
      put("a", task("a", String.format("t%03d", i), "STOPPED", T0.minus(Duration.ofHours(2))));
    }
    for (int i = 0; i < 3; i++) {
      put("b", task("b", String.format("t%03d", i), "STOPPED", T0.minus(Duration.ofHours(2))));
    }
    long before = sqlite.revision();

    TaskReaper.Round round = new TaskReaper(sqlite, clock, HOUR, 10).reap(T0);

    assertThat(round.deleted()).isEqualTo(28);
    assertThat(stored()).isEmpty();
    // cluster a: 10 + 10 + 5, cluster b: 3; one revision per transaction
    assertThat(sqlite.revision() - before).isEqualTo(4);
  }

  @Test
  void pagesThroughMoreTasksThanOneRead() {
    List<Op> puts = new java.util.ArrayList<>();
    for (int i = 0; i < 1_203; i++) {
      Task t = task("big", String.format("t%05d", i), i % 2 == 0 ? "STOPPED" : "RUNNING", T0.minus(Duration.ofHours(2)));
      puts.add(Op.put(Keys.task("big", Tasks.id(t)), JsonCodec.encode(t)));
    }
    sqlite.txn(new Txn(List.of(), puts));

    TaskReaper.Round round = new TaskReaper(sqlite, clock, HOUR, TaskReaper.BATCH_SIZE).reap(T0);

    assertThat(round.deleted()).isEqualTo(602);
    assertThat(stored()).hasSize(601);
  }

  @ParameterizedTest(name = "retention {0} reaps every {1}")
  @CsvSource({"PT1H, PT1M", "PT2M, PT30S", "PT2S, PT0.5S", "PT0.1S, PT0.1S"})
  void roundsComeAQuarterOfTheRetentionApartWithinBounds(Duration retention, Duration interval) {
    assertThat(TaskReaper.interval(retention)).isEqualTo(interval);
  }

  @Test
  void theStartedReaperDeletesExpiredTasksOnItsOwn() throws Exception {
    put("prod", task("prod", "old", "STOPPED", T0.minus(Duration.ofHours(2))));
    put("prod", task("prod", "fresh", "STOPPED", T0));

    try (TaskReaper reaper = TaskReaper.start(sqlite, clock, HOUR)) {
      Instant deadline = Instant.now().plusSeconds(10);
      while (stored().size() > 1 && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
    }

    assertThat(stored()).containsExactly(Keys.task("prod", "fresh"));
  }
}
