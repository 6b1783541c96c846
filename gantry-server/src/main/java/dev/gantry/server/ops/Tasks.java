package dev.gantry.server.ops;

import dev.gantry.model.Task;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.Optional;

/**
 * Finding tasks of one cluster by what users pass: the task id or its ARN (with the cluster
 * segment, or ECS's old form without it). An ARN naming another cluster does not match.
 */
final class Tasks {
  private Tasks() {}

  /** The task id {@code text} names within {@code clusterName}, or empty when it cannot name one there. */
  static Optional<String> id(String clusterName, String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.startsWith("arn:")) {
      return EcsArn.NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }
    return EcsArn.parse(text)
        .filter(EcsArn.Task.class::isInstance)
        .map(EcsArn.Task.class::cast)
        .filter(arn -> arn.clusterName().map(clusterName::equals).orElse(true))
        .map(EcsArn.Task::id)
        .filter(id -> EcsArn.NAME.matcher(id).matches());
  }

  /** The id part of a stored task's ARN. */
  static String id(Task task) {
    String arn = task.taskArn();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  static Optional<Records.Versioned<Task>> find(StateStore store, String clusterName, String text) {
    return id(clusterName, text).flatMap(id -> Records.get(store, Keys.task(clusterName, id), Task.class));
  }

  /** The task {@code text} names; InvalidParameterException naming {@code member} when there is none. */
  static Records.Versioned<Task> require(StateStore store, String clusterName, String member, String text) {
    if (text == null || text.isEmpty()) {
      throw EcsException.invalidParameter(member + " is required: give a task id or task ARN.");
    }
    return find(store, clusterName, text).orElseThrow(() -> EcsException.invalidParameter("The referenced task was "
        + "not found: " + member + " '" + text + "' names no task in cluster '" + clusterName + "'."));
  }

  /** The ARN to report for a reference that matched nothing: the ARN it would have, or the text as given. */
  static String failureArn(ArnFormat arns, String clusterName, String ref) {
    if (ref != null && !ref.startsWith("arn:") && EcsArn.NAME.matcher(ref).matches()) {
      return arns.task(clusterName, ref);
    }
    return ref;
  }

  /** The family part of a task definition ARN ({@code ...:task-definition/<family>:<revision>}). */
  static Optional<EcsArn.TaskDefinition> definition(Task task) {
    return EcsArn.parse(task.taskDefinitionArn())
        .filter(EcsArn.TaskDefinition.class::isInstance)
        .map(EcsArn.TaskDefinition.class::cast);
  }
}
