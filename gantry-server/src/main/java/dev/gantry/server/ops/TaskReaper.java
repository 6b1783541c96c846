package dev.gantry.server.ops;

import dev.gantry.model.Task;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes STOPPED tasks once they have been stopped for the retention (default one hour), as ECS
 * drops a stopped task from DescribeTasks and ListTasks after about an hour. Without it the
 * store, ListTasks, the placement cache and every service's scheduler pass would carry every
 * task that ever stopped.
 *
 * <p>Leader only, like {@link ServiceController}; one server runs it today. Every
 * {@link #interval} a round pages through all task keys (every cluster, also those whose cluster
 * record is gone) and deletes the expired ones in transactions of at most {@code batchSize}
 * tasks of one cluster, each delete guarded on the mod-revision it was read at: a task changed
 * since the read is left for the next round, and a task that is not STOPPED is never deleted.
 * When a batch's guards fail as a whole, its tasks are tried one at a time so that one changed
 * task does not hold back the others. No index key derives from a task record, so the task key
 * is all there is to delete; watchers (placement cache, agent manifests, the scheduler) see the
 * delete events.
 *
 * <p>A task's stop time is its {@code stoppedAt}, else {@code executionStoppedAt}; a STOPPED
 * record with neither (older or hand-written records) is timed from when this reaper first saw
 * it STOPPED, remembered in memory only: after a restart its hour starts again, which errs on
 * keeping it.
 */
public final class TaskReaper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TaskReaper.class.getName());
  /** How long ECS shows a stopped task: "at least one hour". */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
  static final int BATCH_SIZE = 100;
  private static final int PAGE_SIZE = 500;

  private final StateStore store;
  private final Clock clock;
  private final Duration retention;
  private final int batchSize;
  // task key -> when this reaper first saw it STOPPED without a stop time
  private final Map<String, Instant> noticed = new HashMap<>();
  private volatile Thread thread;
  private volatile boolean closed;

  /** What one round did: STOPPED tasks seen, deleted, and expired ones left because they changed meanwhile. */
  record Round(int stopped, int deleted, int changed) {}

  TaskReaper(StateStore store, Clock clock, Duration retention, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize + " must be 1 or more");
    }
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.batchSize = batchSize;
  }

  /** Starts reaping every {@link #interval(Duration)}, the first round at once. */
  public static TaskReaper start(StateStore store, Clock clock, Duration retention) {
    TaskReaper reaper = new TaskReaper(store, clock, retention, BATCH_SIZE);
    reaper.thread = Thread.ofVirtual().name("gantry-task-reaper").start(reaper::run);
    return reaper;
  }

  /** A quarter of the retention, between 100 ms and one minute: a task outlives it by at most that. */
  static Duration interval(Duration retention) {
    return Duration.ofMillis(Math.clamp(retention.toMillis() / 4, 100, Duration.ofMinutes(1).toMillis()));
  }

  /** One round over every cluster's tasks as of {@code now}. */
  synchronized Round reap(Instant now) {
    Map<String, Instant> seen = new HashMap<>();
    Batch batch = new Batch();
    int stopped = 0;
    Optional<String> after = Optional.empty();
    while (true) {
      Range range = Range.prefix(Keys.TASKS).limit(PAGE_SIZE);
      RangeResult page = store.range(after.map(range::after).orElse(range));
      for (KeyValue kv : page.kvs()) {
        Optional<Task> task = decode(kv).filter(t -> "STOPPED".equals(t.lastStatus()));
        if (task.isEmpty()) {
          continue;
        }
        stopped++;
        Instant stoppedAt = stopTime(task.get()).orElseGet(() -> noticedAt(kv.key(), now, seen));
        if (!stoppedAt.plus(retention).isAfter(now)) {
          batch.add(cluster(kv.key()), kv);
        }
      }
      if (!page.more() || page.kvs().isEmpty()) {
        break;
      }
      after = Optional.of(page.kvs().getLast().key());
    }
    batch.flush();
    noticed.keySet().retainAll(seen.keySet());
    if (batch.deleted > 0 || batch.changed > 0) {
      LOG.log(Level.INFO, "deleted " + batch.deleted + " tasks STOPPED for over " + retention
          + (batch.changed > 0 ? "; " + batch.changed + " changed meanwhile and wait for the next round" : ""));
    }
    return new Round(stopped, batch.deleted, batch.changed);
  }

  private static Optional<Instant> stopTime(Task t) {
    return Optional.ofNullable(t.stoppedAt()).or(() -> Optional.ofNullable(t.executionStoppedAt()));
  }

  private Instant noticedAt(String key, Instant now, Map<String, Instant> seen) {
    Instant at = noticed.computeIfAbsent(key, k -> now);
    seen.put(key, at);
    return at;
  }

  /** Expired tasks of one cluster waiting to be deleted together. */
  private final class Batch {
    private final List<KeyValue> reads = new ArrayList<>();
    private String cluster = "";
    int deleted;
    int changed;

    void add(String taskCluster, KeyValue kv) {
      if (!reads.isEmpty() && (!cluster.equals(taskCluster) || reads.size() >= batchSize)) {
        flush();
      }
      cluster = taskCluster;
      reads.add(kv);
    }

    void flush() {
      if (reads.isEmpty()) {
        return;
      }
      if (delete(reads)) {
        deleted += reads.size();
      } else {
        for (KeyValue kv : reads) {
          if (delete(List.of(kv))) {
            deleted++;
          } else {
            changed++;
          }
        }
      }
      reads.clear();
    }

    private boolean delete(List<KeyValue> tasks) {
      List<Compare> guards = tasks.stream().map(Compare::unchanged).toList();
      List<Op> deletes = tasks.stream().map(kv -> Op.delete(kv.key())).toList();
      return store.txn(new Txn(guards, deletes)).succeeded();
    }
  }

  /** The cluster segment of {@code /tasks/<cluster>/<id>}. */
  private static String cluster(String key) {
    String rest = key.substring(Keys.TASKS.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static Optional<Task> decode(KeyValue kv) {
    try {
      return Optional.of(JsonCodec.decode(kv.value(), Task.class));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the task record " + kv.key() + " cannot be read; the reaper leaves it: " + e);
      return Optional.empty();
    }
  }

  private void run() {
    Duration interval = interval(retention);
    while (!closed) {
      try {
        reap(clock.instant());
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(Level.WARNING, "deleting expired STOPPED tasks failed; trying again in " + interval, e);
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops reaping; a round in progress ends at its next store call or finishes. */
  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
