package dev.gantry.server.ops;

import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.arn.TaskDefinitionRef;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.ops.Records.Versioned;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import java.util.Optional;

/**
 * Finds the stored task definition a user's reference names, for every handler that takes
 * one (DescribeTaskDefinition, DeregisterTaskDefinition, DeleteTaskDefinitions, RunTask,
 * CreateService, ...): {@code family:revision} and ARNs name one revision whatever its status;
 * a bare family names its latest ACTIVE revision. Also reads a family's bookkeeping record.
 *
 * <p>The latest ACTIVE revision is a reverse range over the family's revisions: one read of
 * one key when the newest revision is ACTIVE (the usual case), more only when the newest
 * revisions have been deregistered.
 */
final class TaskDefinitionLookup {
  private static final int FIRST_CHUNK = 1;
  private static final int NEXT_CHUNK = 16;

  private TaskDefinitionLookup() {}

  static Optional<Versioned<StoredTaskDefinition>> find(StateStore store, TaskDefinitionRef ref) {
    return ref.revision().isPresent()
        ? revision(store, ref.family(), ref.revision().getAsInt())
        : latestActive(store, ref.family());
  }

  static Optional<Versioned<StoredTaskDefinition>> revision(StateStore store, String family, int revision) {
    return Records.get(store, Keys.taskDefinition(family, revision), StoredTaskDefinition.class);
  }

  static Optional<Versioned<StoredTaskDefinition>> latestActive(StateStore store, String family) {
    Range range = Range.prefix(Keys.taskDefinitionFamily(family)).reversed().limit(FIRST_CHUNK);
    while (true) {
      RangeResult chunk = store.range(range);
      for (KeyValue kv : chunk.kvs()) {
        Versioned<StoredTaskDefinition> stored = Records.versioned(kv, StoredTaskDefinition.class);
        if (stored.value().taskDefinition().status() == TaskDefinitionStatus.ACTIVE) {
          return Optional.of(stored);
        }
      }
      if (!chunk.more() || chunk.kvs().isEmpty()) {
        return Optional.empty();
      }
      range = range.after(chunk.kvs().getLast().key()).limit(NEXT_CHUNK);
    }
  }

  /**
   * The ACTIVE revision a RunTask, StartTask, CreateService or UpdateService call names in
   * {@code taskDefinition} (a bare family: its latest ACTIVE revision). A missing or malformed
   * reference is InvalidParameterException; one that names nothing, or an INACTIVE or
   * DELETE_IN_PROGRESS revision, is ClientException, as in ECS.
   */
  static StoredTaskDefinition requireActive(StateStore store, String ref) {
    if (ref == null || ref.isEmpty()) {
      throw EcsException.invalidParameter("taskDefinition is required: give family, family:revision or a task "
          + "definition ARN.");
    }
    TaskDefinitionRef parsed = TaskDefinitionRef.parse(ref).orElseThrow(() -> EcsException.invalidParameter(
        "taskDefinition '" + ref + "' is not valid: give family, family:revision or a task definition ARN."));
    StoredTaskDefinition stored = find(store, parsed).map(Versioned::value)
        .orElseThrow(() -> EcsException.clientError("Unable to find task definition '" + ref + "': "
            + (parsed.revision().isPresent() ? "no such revision" : "the family has no ACTIVE revision")
            + " (see ListTaskDefinitions)."));
    TaskDefinitionStatus status = stored.taskDefinition().status();
    if (status != TaskDefinitionStatus.ACTIVE) {
      throw EcsException.clientError("Task definition '" + stored.taskDefinition().taskDefinitionArn() + "' is "
          + status + ": new tasks can only be started from an ACTIVE revision.");
    }
    return stored;
  }

  /** The family's bookkeeping record; empty for a family that never had a revision. */
  static Optional<Versioned<TaskDefinitionFamily>> family(StateStore store, String family) {
    return Records.get(store, Keys.taskDefinitionFamilyMeta(family), TaskDefinitionFamily.class);
  }

  /**
   * A reference that must name one revision, {@code family:revision} or a task definition ARN,
   * as DeregisterTaskDefinition and DeleteTaskDefinitions require; ClientException naming
   * {@code member} otherwise.
   */
  static TaskDefinitionRef requireRevision(String member, String text) {
    if (text == null || text.isEmpty()) {
      throw EcsException.clientError(member + " is missing: give family:revision or a task definition ARN.");
    }
    TaskDefinitionRef ref = TaskDefinitionRef.parse(text).orElseThrow(() -> EcsException.clientError(
        member + " '" + text + "' is not valid: give family:revision (revision 1 or more) or a task definition ARN."));
    if (ref.revision().isEmpty()) {
      throw EcsException.clientError(member + " '" + text + "' names a family without a revision: give "
          + "family:revision or a task definition ARN.");
    }
    return ref;
  }
}
