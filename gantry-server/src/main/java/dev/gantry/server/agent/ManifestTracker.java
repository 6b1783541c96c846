package dev.gantry.server.agent;

import dev.gantry.model.Task;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The desired task sets of one cluster kept current by a store watch on
 * {@code Keys.tasks(cluster)}, and the signals long-polls wait on: {@link #snapshot} gives an
 * instance's manifest revision, its task keys, and a future that completes at the instance's
 * next change. Started on a cluster's first poll: one range read, then the watch from that
 * revision. When the store ends the watch (it fell behind history, say), the tracker reads the
 * range again and resets, waking every waiting poll; {@link DesiredTaskSets} explains why that
 * is safe.
 */
final class ManifestTracker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ManifestTracker.class.getName());

  /**
   * One instance's set as of now; {@code nextChange} completes when it changes (or the tracker
   * resets or closes). {@code settled}: see {@link DesiredTaskSets#settled}; when false, the
   * revision is right but {@code taskKeys} may still miss changes of that very revision.
   */
  record Snapshot(long manifestRevision, List<String> taskKeys, boolean settled, CompletableFuture<Void> nextChange) {}

  private final StateStore store;
  private final String cluster;
  private final DesiredTaskSets sets = new DesiredTaskSets();
  private final Map<String, CompletableFuture<Void>> waiting = new HashMap<>();
  private Watch watch;
  private boolean closed;

  private ManifestTracker(StateStore store, String cluster) {
    this.store = store;
    this.cluster = cluster;
  }

  static ManifestTracker start(StateStore store, String cluster) {
    ManifestTracker tracker = new ManifestTracker(store, cluster);
    tracker.resync();
    return tracker;
  }

  synchronized Snapshot snapshot(String instanceId) {
    CompletableFuture<Void> next = closed ? CompletableFuture.completedFuture(null)
        : waiting.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    return new Snapshot(sets.revision(instanceId), sets.taskKeys(instanceId), sets.settled(instanceId), next);
  }

  /**
   * Reads the cluster's tasks, resets the sets to them and watches from that revision. No
   * store call is made under the tracker's lock: a store may deliver watch events on its
   * writer's thread, and that thread takes the lock in {@link #onEvent}.
   */
  private void resync() {
    Watch old;
    synchronized (this) {
      old = watch;
      watch = null;
    }
    if (old != null) {
      old.close(); // no event of the old watch may land after the reset
    }
    RangeResult all = store.range(Range.prefix(Keys.tasks(cluster)));
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (KeyValue kv : all.kvs()) {
      decode(kv).ifPresent(task -> tasks.put(kv.key(), task));
    }
    List<CompletableFuture<Void>> woken;
    synchronized (this) {
      if (closed) {
        return;
      }
      sets.reset(tasks, all.revision());
      woken = List.copyOf(waiting.values());
      waiting.clear();
    }
    woken.forEach(f -> f.complete(null));
    Watch started = store.watch(Keys.tasks(cluster), all.revision(), this::onEvent);
    boolean keep;
    synchronized (this) {
      keep = !closed;
      if (keep) {
        watch = started;
      }
    }
    if (!keep) {
      started.close();
      return;
    }
    started.stopped().whenComplete((ignored, failure) -> {
      if (failure != null) {
        LOG.log(Level.INFO, "the task watch of cluster " + cluster + " ended (" + failure
            + "); reading the cluster's tasks again");
        Thread.ofVirtual().name("manifest-resync-" + cluster).start(this::resyncQuietly);
      }
    });
  }

  private void resyncQuietly() {
    try {
      resync();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot watch the tasks of cluster " + cluster + " again; polls of its instances "
          + "answer only at their timeout until the next server start", e);
    }
  }

  private void onEvent(WatchEvent event) {
    Optional<Task> task = event.type() == WatchEvent.Type.PUT ? decode(event.kv()) : Optional.empty();
    List<CompletableFuture<Void>> woken;
    synchronized (this) {
      Set<String> changed = sets.apply(event.kv().key(), task, event.revision());
      woken = changed.stream().map(waiting::remove).filter(f -> f != null).toList();
    }
    woken.forEach(f -> f.complete(null));
  }

  private Optional<Task> decode(KeyValue kv) {
    try {
      return Optional.of(JsonCodec.decode(kv.value(), Task.class));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the task record " + kv.key() + " cannot be read; it is left out of the agent's "
          + "task set: " + e);
      return Optional.empty();
    }
  }

  /** Stops watching and wakes every waiting poll. */
  @Override
  public void close() {
    Watch w;
    List<CompletableFuture<Void>> woken;
    synchronized (this) {
      closed = true;
      w = watch;
      woken = List.copyOf(waiting.values());
      waiting.clear();
    }
    if (w != null) {
      w.close();
    }
    woken.forEach(f -> f.complete(null));
  }
}
