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
import dev.gantry.store.Keys;
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
    TaskDefinitionRef ref = requireRevision("taskDefinition", request.taskDefinition());
    Instant now = context.now().truncatedTo(ChronoUnit.MILLIS);
    TaskDefinition td = locks.withLock(ref.family(), () -> deregister(ref, request.taskDefinition(), now));
    return DeregisterTaskDefinitionResponse.builder().taskDefinition(td).build();
  }

  private TaskDefinition deregister(TaskDefinitionRef ref, String text, Instant now) {
    String family = ref.family();
    int revision = ref.revision().getAsInt();
    String familyKey = Keys.taskDefinitionFamilyMeta(family);
    for (int attempt = 0; attempt < RegisterTaskDefinitionHandler.MAX_ATTEMPTS; attempt++) {
      Versioned<StoredTaskDefinition> current = TaskDefinitionLookup.revision(store, family, revision)
          .orElseThrow(() -> EcsException.clientError("The specified task definition does not exist: " + text + "."));
      TaskDefinition before = current.value().taskDefinition();
      if (before.status() != TaskDefinitionStatus.ACTIVE) {
        return before;
      }
      Versioned<TaskDefinitionFamily> meta = Records.get(store, familyKey, TaskDefinitionFamily.class)
          .orElseThrow(() -> new IllegalStateException("task definition family record missing for " + family));
      TaskDefinition after = before.toBuilder().status(TaskDefinitionStatus.INACTIVE).deregisteredAt(now).build();
      TaskDefinitionFamily counts = meta.value();
      TaskDefinitionFamily updated = new TaskDefinitionFamily(family, counts.lastRevision(),
          Math.max(0, counts.activeRevisions() - 1), counts.revisions());
      Txn txn = new Txn(List.of(Compare.unchanged(current.kv()), Compare.unchanged(meta.kv())),
          List.of(Op.put(current.kv().key(), JsonCodec.encode(new StoredTaskDefinition(after, current.value().tags()))),
              Op.put(familyKey, JsonCodec.encode(updated))));
      if (store.txn(txn).succeeded()) {
        return after;
      }
    }
    throw EcsException.clientError("Too many concurrent changes to task definition " + text + ": try again.");
  }

  /** A reference that names one revision: {@code family:revision} or a task definition ARN. */
  static TaskDefinitionRef requireRevision(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw EcsException.clientError(field + " is missing: give family:revision or a task definition ARN.");
    }
    TaskDefinitionRef ref = TaskDefinitionRef.parse(text).orElseThrow(() -> EcsException.clientError(
        field + " '" + text + "' is not valid: give family:revision (revision 1 or more) or a task definition ARN."));
    if (ref.revision().isEmpty()) {
      throw EcsException.clientError(field + " '" + text + "' names a family without a revision: give "
          + "family:revision or a task definition ARN.");
    }
    return ref;
  }
}
