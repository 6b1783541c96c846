package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Task;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applying events to stored tasks: the pure transition, then one transaction that writes each
 * changed task and, when a transition's effects concern its container instance (counters moved,
 * resources released), the instance too, each guarded by the mod-revision it was read at.
 * Several events (of one task or of many tasks on one instance) can go into one {@link Batch}:
 * each applies to the working copy the events before it left, and the batch commits once.
 * What a stopped task gives back is recomputed from its task definition and overrides, the
 * same way it was taken at placement.
 */
final class TaskChanges {
  private final StateStore store;

  TaskChanges(StateStore store) {
    this.store = store;
  }

  /** An empty batch of changes to tasks of {@code clusterName}. */
  Batch batch(String clusterName) {
    return new Batch(clusterName);
  }

  /** Working copies of the tasks and instances some events changed, and the records they were read as. */
  final class Batch {
    private final String clusterName;
    private final Map<String, Records.Versioned<Task>> readTasks = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, Records.Versioned<ContainerInstance>> readInstances = new LinkedHashMap<>();
    private final Map<String, ContainerInstance> instances = new HashMap<>();

    private Batch(String clusterName) {
      this.clusterName = clusterName;
    }

    /**
     * Applies {@code event} to the task read as {@code read} (or to this batch's copy of it, when
     * an earlier event changed it); the task after. Reads and checks everything before changing
     * a copy, so an event that throws leaves the batch as it was.
     */
    Task apply(Records.Versioned<Task> read, TaskTransitions.TaskEvent event) {
      String key = read.kv().key();
      Task task = tasks.getOrDefault(key, read.value());
      TaskTransitions.Transition t = TaskTransitions.apply(task, event);
      if (!t.changed(task)) {
        return task;
      }
      Optional<Map.Entry<String, ContainerInstance>> instance = Optional.empty();
      if (!t.effects().isEmpty()) {
        instance = instanceOf(task).map(v -> {
          String at = v.kv().key();
          ContainerInstance current = instances.getOrDefault(at, v.value());
          return Map.entry(at, InstanceUsage.afterTransition(current, t.effects(), demand(task)));
        });
      }
      readTasks.putIfAbsent(key, read);
      tasks.put(key, t.task());
      instance.ifPresent(e -> instances.put(e.getKey(), e.getValue()));
      return t.task();
    }

    /** The transaction writing every changed copy, guarded by the revisions read; empty when nothing changed. */
    Optional<Txn> txn() {
      List<Compare> guards = new ArrayList<>();
      List<Op> ops = new ArrayList<>();
      readTasks.forEach((key, read) -> {
        guards.add(Compare.unchanged(read.kv()));
        ops.add(new Op.Put(key, JsonCodec.encode(tasks.get(key)), read.kv().lease()));
      });
      readInstances.forEach((key, read) -> {
        ContainerInstance next = instances.get(key);
        if (next != null && !next.equals(read.value())) {
          guards.add(Compare.unchanged(read.kv()));
          ops.add(new Op.Put(key, JsonCodec.encode(next), read.kv().lease()));
        }
      });
      return ops.isEmpty() ? Optional.empty() : Optional.of(new Txn(List.copyOf(guards), List.copyOf(ops)));
    }

    /** The task's instance as this batch first read it. */
    private Optional<Records.Versioned<ContainerInstance>> instanceOf(Task task) {
      Optional<Records.Versioned<ContainerInstance>> found = Optional.ofNullable(task.containerInstanceArn())
          .flatMap(arn -> readInstances.values().stream()
              .filter(v -> arn.equals(v.value().containerInstanceArn())).findFirst()
              .or(() -> ContainerInstances.find(store, clusterName, arn)));
      found.ifPresent(v -> readInstances.putIfAbsent(v.kv().key(), v));
      return found;
    }
  }

  /** What the task holds on its instance (revisions are kept while tasks may use them; nothing if one is gone). */
  private TaskDemand demand(Task task) {
    return Tasks.definition(task)
        .flatMap(d -> TaskDefinitionLookup.revision(store, d.family(), d.revision()))
        .map(stored -> TaskDemand.of(stored.value().taskDefinition(), task.overrides()))
        .orElse(TaskDemand.NONE);
  }

  /** The id of the instance a task runs on, as the agent credentials name it. */
  static Optional<String> instanceId(Task task) {
    return EcsArn.parse(task.containerInstanceArn())
        .filter(EcsArn.ContainerInstance.class::isInstance)
        .map(a -> ((EcsArn.ContainerInstance) a).id());
  }
}
