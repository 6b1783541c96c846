package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Resource;
import dev.gantry.model.Task;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Txn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The writes of one placement decision, as one transaction: a new Task per placed task (guarded
 * absent), each chosen instance once with its final remaining resources and its counters raised
 * by its new tasks, and (for the service scheduler) tasks stopped by a transition together with
 * what that gives back to their instances. Every instance and stopped task is guarded by the
 * mod-revision it was read at, so a concurrent writer that used the same capacity makes the
 * whole transaction fail and the caller retries on fresh state (ConflictRetry). RunTask (a
 * whole batch of calls at once), StartTask and the service scheduler all commit through here,
 * so their tasks are alike.
 */
final class TaskCommit {
  private final String clusterName;
  private final ArnFormat arns;
  private final RandomGenerator random;
  private final Instant now;
  private final List<Task> tasks = new ArrayList<>();
  private final Map<String, Records.Versioned<ContainerInstance>> instances = new LinkedHashMap<>();
  private final Map<String, List<Resource>> remaining = new LinkedHashMap<>();
  private final Map<String, Map<TaskLifecycle.Bucket, Integer>> placedOn = new LinkedHashMap<>();
  private final Map<String, List<Stopped>> stoppedOn = new LinkedHashMap<>();
  private final List<Stopped> stops = new ArrayList<>();

  /** A task changed by a transition, and what it held on its instance. */
  private record Stopped(Records.Versioned<Task> read, TaskTransitions.Transition transition, TaskDemand demand) {}

  TaskCommit(String clusterName, ArnFormat arns, RandomGenerator random, Instant now) {
    this.clusterName = clusterName;
    this.arns = arns;
    this.random = random;
    this.now = now;
  }

  /** A new task of {@code launch} on {@code instance}, which keeps {@code remainingAfter} once all placed so far run. */
  Task add(TaskLaunch launch, Records.Versioned<ContainerInstance> instance, List<Resource> remainingAfter) {
    return add(launch, instance, remainingAfter, now);
  }

  /** As {@link #add(TaskLaunch, Records.Versioned, List)}, for a call that arrived at {@code createdAt} (RunTask batches). */
  Task add(TaskLaunch launch, Records.Versioned<ContainerInstance> instance, List<Resource> remainingAfter,
      Instant createdAt) {
    String arn = instance.value().containerInstanceArn();
    instances.putIfAbsent(arn, instance);
    remaining.put(arn, remainingAfter);
    placedOn.computeIfAbsent(arn, a -> new EnumMap<>(TaskLifecycle.Bucket.class))
        .merge(TaskLifecycle.bucket(launch.initialStatus()), 1, Integer::sum);
    Task task = launch.task(arns, instance.value(), TaskLaunch.newTaskId(random), createdAt, random);
    tasks.add(task);
    return task;
  }

  /**
   * The stored task {@code read} changed by {@code transition} (no-op transitions are left out);
   * its effects apply to {@code instance} (the one it runs on, when still registered), where it
   * holds {@code demand}.
   */
  void stop(Records.Versioned<Task> read, TaskTransitions.Transition transition,
      Optional<Records.Versioned<ContainerInstance>> instance, TaskDemand demand) {
    if (!transition.changed(read.value())) {
      return;
    }
    Stopped s = new Stopped(read, transition, demand);
    stops.add(s);
    if (!transition.effects().isEmpty() && instance.isPresent()) {
      String arn = instance.get().value().containerInstanceArn();
      instances.putIfAbsent(arn, instance.get());
      stoppedOn.computeIfAbsent(arn, a -> new ArrayList<>()).add(s);
    }
  }

  List<Task> tasks() {
    return List.copyOf(tasks);
  }

  boolean isEmpty() {
    return tasks.isEmpty() && stops.isEmpty();
  }

  /** The guards and writes, to be committed alone or {@linkplain #appendTo added} to a larger transaction. */
  Optional<Txn> txn() {
    if (isEmpty()) {
      return Optional.empty();
    }
    List<Compare> guards = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    appendTo(guards, ops);
    return Optional.of(new Txn(List.copyOf(guards), List.copyOf(ops)));
  }

  void appendTo(List<Compare> guards, List<Op> ops) {
    instances.forEach((arn, read) -> {
      ContainerInstance next = read.value();
      for (Map.Entry<TaskLifecycle.Bucket, Integer> e : placedOn.getOrDefault(arn, Map.of()).entrySet()) {
        next = InstanceUsage.placed(next, remaining.get(arn), e.getValue(), e.getKey());
      }
      for (Stopped s : stoppedOn.getOrDefault(arn, List.of())) {
        next = InstanceUsage.afterTransition(next, s.transition().effects(), s.demand());
      }
      guards.add(Compare.unchanged(read.kv()));
      if (!next.equals(read.value())) {
        ops.add(new Op.Put(read.kv().key(), JsonCodec.encode(next), read.kv().lease()));
      }
    });
    for (Task task : tasks) {
      String key = Keys.task(clusterName, Tasks.id(task));
      guards.add(Compare.absent(key));
      ops.add(Op.put(key, JsonCodec.encode(task)));
    }
    for (Stopped s : stops) {
      guards.add(Compare.unchanged(s.read().kv()));
      ops.add(new Op.Put(s.read().kv().key(), JsonCodec.encode(s.transition().task()), s.read().kv().lease()));
    }
  }
}
