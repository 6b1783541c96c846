package dev.gantry.server.ops;

import dev.gantry.model.Task;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Task state changes (agents' reports, user stops) committed in batches per cluster.
 *
 * <p>Goal: when a service's 50 tasks start on one host, their 50 RUNNING reports arrive within
 * moments of each other, and each also moves its instance's task counters, so all of them write
 * the same instance record. Committed one by one under the cluster's lock, the last waited for
 * 49 transactions and their fsyncs before its own.
 *
 * <p>Algorithm (flat combining): a change joins its cluster's queue, then takes the cluster's
 * lock ({@link ClusterLocks}). Whoever holds the lock drains the queue, applies every queued
 * change in arrival order to working copies ({@link TaskChanges.Batch}), and commits them in ONE
 * transaction, guarded by every revision read; a lost race reads everything again
 * ({@link ConflictRetry#ATTEMPTS} times). A caller that gets the lock and finds its change
 * committed by the holder before it simply returns. A change whose read or transition fails
 * (unknown task, say) fails alone; the others commit. Each caller returns only once its change
 * is durable, as before.
 */
final class TaskChangeBatches {
  /** Bounds one transaction; more waiting changes go in the next. */
  static final int MAX_BATCH = 256;

  private final StateStore store;
  private final TaskChanges changes;
  private final ClusterLocks locks;
  private final ConcurrentHashMap<String, Queue<Change>> queues = new ConcurrentHashMap<>();

  /** One caller's change and where its outcome goes. */
  private record Change(String what, Supplier<Records.Versioned<Task>> read, TaskTransitions.TaskEvent event,
      CompletableFuture<Task> outcome) {}

  TaskChangeBatches(StateStore store, ClusterLocks locks) {
    this.store = store;
    this.changes = new TaskChanges(store);
    this.locks = locks;
  }

  /**
   * Applies {@code event} to the task {@code read} returns and commits it (with whatever other
   * changes are waiting); the task after. {@code what} names the change in the error when
   * every attempt lost its race.
   */
  Task change(String cluster, String what, Supplier<Records.Versioned<Task>> read, TaskTransitions.TaskEvent event) {
    Change mine = new Change(what, read, event, new CompletableFuture<>());
    Queue<Change> queue = queues.computeIfAbsent(cluster, c -> new ConcurrentLinkedQueue<>());
    queue.add(mine);
    locks.withLock(cluster, () -> {
      while (!mine.outcome().isDone()) {
        commit(cluster, drain(queue));
      }
      return null;
    });
    try {
      return mine.outcome().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static List<Change> drain(Queue<Change> queue) {
    List<Change> batch = new ArrayList<>();
    Change c;
    while (batch.size() < MAX_BATCH && (c = queue.poll()) != null) {
      batch.add(c);
    }
    return batch;
  }

  /** Commits {@code batch} as one transaction; every change in it has its outcome when this returns. */
  private void commit(String cluster, List<Change> batch) {
    List<Change> live = batch;
    try {
      for (int attempt = 0; attempt < ConflictRetry.ATTEMPTS && !live.isEmpty(); attempt++) {
        TaskChanges.Batch working = changes.batch(cluster);
        List<Change> applied = new ArrayList<>();
        List<Task> results = new ArrayList<>();
        for (Change c : live) {
          try {
            results.add(working.apply(c.read().get(), c.event()));
            applied.add(c);
          } catch (RuntimeException e) {
            c.outcome().completeExceptionally(e);
          }
        }
        live = applied;
        Optional<Txn> txn = working.txn();
        if (txn.isEmpty() || store.txn(txn.get()).succeeded()) {
          for (int i = 0; i < applied.size(); i++) {
            applied.get(i).outcome().complete(results.get(i));
          }
          return;
        }
      }
      for (Change c : live) {
        c.outcome().completeExceptionally(new EcsException(ErrorType.ServerException,
            "Too many concurrent changes while trying to " + c.what() + "; retry the request."));
      }
    } catch (RuntimeException e) {
      batch.forEach(c -> c.outcome().completeExceptionally(e)); // the store failed: nothing was acknowledged
    }
  }
}
