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
import java.util.List;
import java.util.Optional;

/**
 * Applying one event to a stored task: the pure transition, then one transaction that writes
 * the task and, when the transition's effects concern its container instance (counters moved,
 * resources released), the instance too, each guarded by the mod-revision it was read at.
 * What a stopped task gives back is recomputed from its task definition and overrides, the
 * same way it was taken at placement.
 */
final class TaskChanges {
  private final StateStore store;

  TaskChanges(StateStore store) {
    this.store = store;
  }

  ConflictRetry.Plan<Task> plan(String clusterName, Records.Versioned<Task> current, TaskTransitions.TaskEvent event) {
    Task task = current.value();
    TaskTransitions.Transition t = TaskTransitions.apply(task, event);
    if (!t.changed(task)) {
      return ConflictRetry.Plan.noWrite(task);
    }
    List<Compare> guards = new ArrayList<>(List.of(Compare.unchanged(current.kv())));
    List<Op> ops = new ArrayList<>(List.of(new Op.Put(current.kv().key(), JsonCodec.encode(t.task()),
        current.kv().lease())));
    if (!t.effects().isEmpty()) {
      instanceOf(clusterName, task).ifPresent(instance -> {
        ContainerInstance next = InstanceUsage.afterTransition(instance.value(), t.effects(), demand(task));
        if (!next.equals(instance.value())) {
          guards.add(Compare.unchanged(instance.kv()));
          ops.add(new Op.Put(instance.kv().key(), JsonCodec.encode(next), instance.kv().lease()));
        }
      });
    }
    return ConflictRetry.Plan.write(new Txn(List.copyOf(guards), List.copyOf(ops)), t.task());
  }

  private Optional<Records.Versioned<ContainerInstance>> instanceOf(String clusterName, Task task) {
    return Optional.ofNullable(task.containerInstanceArn())
        .flatMap(arn -> ContainerInstances.find(store, clusterName, arn));
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
