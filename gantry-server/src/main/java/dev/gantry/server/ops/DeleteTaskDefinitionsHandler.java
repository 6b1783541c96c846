package dev.gantry.server.ops;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DeleteTaskDefinitionsResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.TaskDefinitionRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.server.ops.Records.Versioned;
import dev.gantry.store.StateStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DeleteTaskDefinitions: each named INACTIVE revision becomes DELETE_IN_PROGRESS (still
 * describable by revision, still counted by its family, its revision number never reused).
 * Revisions that are missing or still ACTIVE are reported in {@code failures}; one already
 * being deleted is returned as it is. Each revision is its own compare-and-set write.
 */
final class DeleteTaskDefinitionsHandler
    implements OperationHandler<DeleteTaskDefinitionsRequest, DeleteTaskDefinitionsResponse> {
  static final int MAX_TASK_DEFINITIONS = 10;
  static final String STILL_ACTIVE =
      "The specified task definition is still in ACTIVE status. Deregister it before deleting it.";

  private final StateStore store;
  private final ArnFormat arns;
  private final FamilyLocks locks;

  private sealed interface Outcome {}

  private record Deleted(TaskDefinition taskDefinition) implements Outcome {}

  private record Failed(Failure failure) implements Outcome {}

  DeleteTaskDefinitionsHandler(StateStore store, ArnFormat arns, FamilyLocks locks) {
    this.store = store;
    this.arns = arns;
    this.locks = locks;
  }

  @Override
  public DeleteTaskDefinitionsResponse handle(DeleteTaskDefinitionsRequest request, CallContext context) {
    List<String> texts = request.taskDefinitions();
    if (texts == null || texts.isEmpty() || texts.size() > MAX_TASK_DEFINITIONS) {
      throw EcsException.invalidParameter("taskDefinitions has " + (texts == null ? 0 : texts.size())
          + " entries: give 1 to " + MAX_TASK_DEFINITIONS + " task definitions as family:revision or ARN.");
    }
    // Parse everything first, so a malformed entry changes nothing; repeated entries count once.
    Map<String, TaskDefinitionRef> refs = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      TaskDefinitionRef ref = TaskDefinitionLookup.requireRevision("taskDefinitions[" + i + "]", texts.get(i));
      refs.putIfAbsent(arns.taskDefinition(ref.family(), ref.revision().getAsInt()), ref);
    }
    Instant now = context.now().truncatedTo(ChronoUnit.MILLIS);
    List<TaskDefinition> deleted = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    refs.forEach((arn, ref) -> {
      switch (locks.withLock(ref.family(), () -> delete(ref, arn, now))) {
        case Deleted d -> deleted.add(d.taskDefinition());
        case Failed f -> failures.add(f.failure());
      }
    });
    return DeleteTaskDefinitionsResponse.builder().taskDefinitions(deleted).failures(failures).build();
  }

  private Outcome delete(TaskDefinitionRef ref, String arn, Instant now) {
    return ConflictRetry.run(store, () -> attempt(ref, arn, now),
        () -> failed(arn, "Too many concurrent changes to this task definition", "Try the call again."));
  }

  private ConflictRetry.Plan<Outcome> attempt(TaskDefinitionRef ref, String arn, Instant now) {
    Optional<Versioned<StoredTaskDefinition>> found = TaskDefinitionLookup.find(store, ref);
    if (found.isEmpty()) {
      return ConflictRetry.Plan.noWrite(failed(arn, Failures.MISSING, null));
    }
    Versioned<StoredTaskDefinition> current = found.get();
    TaskDefinition before = current.value().taskDefinition();
    return switch (before.status()) {
      case ACTIVE -> ConflictRetry.Plan.noWrite(failed(arn, STILL_ACTIVE, null));
      case DELETE_IN_PROGRESS -> ConflictRetry.Plan.noWrite(new Deleted(before));
      case INACTIVE -> {
        TaskDefinition after = before.toBuilder()
            .status(TaskDefinitionStatus.DELETE_IN_PROGRESS).deleteRequestedAt(now).build();
        yield ConflictRetry.Plan.write(Records.replace(current.kv(), current.value().with(after)), new Deleted(after));
      }
    };
  }

  private static Failed failed(String arn, String reason, String detail) {
    return new Failed(Failures.of(arn, reason, detail));
  }
}
