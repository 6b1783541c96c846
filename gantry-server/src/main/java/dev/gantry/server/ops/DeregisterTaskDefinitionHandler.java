package dev.gantry.server.ops;

import dev.gantry.model.DeregisterTaskDefinitionRequest;
import dev.gantry.model.DeregisterTaskDefinitionResponse;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.arn.TaskDefinitionRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.server.ops.Records.Versioned;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * DeregisterTaskDefinition: ACTIVE becomes INACTIVE with {@code deregisteredAt}, and the
 * family's count of ACTIVE revisions drops, in one transaction comparing both keys. A
 * revision that is already INACTIVE (or being deleted) is returned unchanged, so repeating
 * the call is harmless. A bare family is rejected: ECS requires the revision to be named.
 */
final class DeregisterTaskDefinitionHandler
    implements OperationHandler<DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse> {
  private final StateStore store;
  private final FamilyLocks locks;

  DeregisterTaskDefinitionHandler(StateStore store, FamilyLocks locks) {
    this.store = store;
    this.locks = locks;
  }

  @Override
  public DeregisterTaskDefinitionResponse handle(DeregisterTaskDefinitionRequest request, CallContext context) {
    String text = request.taskDefinition();
    TaskDefinitionRef ref = TaskDefinitionLookup.requireRevision("taskDefinition", text);
    Instant now = context.now().truncatedTo(ChronoUnit.MILLIS);
    TaskDefinition td = locks.withLock(ref.family(), () -> ConflictRetry.run(store,
        "deregister task definition " + text, () -> deregister(ref, text, now)));
    return DeregisterTaskDefinitionResponse.builder().taskDefinition(td).build();
  }

  private ConflictRetry.Plan<TaskDefinition> deregister(TaskDefinitionRef ref, String text, Instant now) {
    Versioned<StoredTaskDefinition> current = TaskDefinitionLookup.find(store, ref)
        .orElseThrow(() -> EcsException.clientError("The specified task definition does not exist: " + text + "."));
    TaskDefinition before = current.value().taskDefinition();
    if (before.status() != TaskDefinitionStatus.ACTIVE) {
      return ConflictRetry.Plan.noWrite(before);
    }
    Versioned<TaskDefinitionFamily> meta = TaskDefinitionLookup.family(store, ref.family())
        .orElseThrow(() -> new IllegalStateException("task definition family record missing for " + ref.family()));
    TaskDefinition after = before.toBuilder().status(TaskDefinitionStatus.INACTIVE).deregisteredAt(now).build();
    TaskDefinitionFamily counts = meta.value();
    TaskDefinitionFamily updated = new TaskDefinitionFamily(counts.family(), counts.lastRevision(),
        Math.max(0, counts.activeRevisions() - 1), counts.revisions());
    Txn txn = new Txn(List.of(Compare.unchanged(current.kv()), Compare.unchanged(meta.kv())),
        List.of(Op.put(current.kv().key(), JsonCodec.encode(current.value().with(after))),
            Op.put(meta.kv().key(), JsonCodec.encode(updated))));
    return ConflictRetry.Plan.write(txn, after);
  }
}
