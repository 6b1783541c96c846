package dev.gantry.server.ops;

import dev.gantry.model.DescribeTaskDefinitionRequest;
import dev.gantry.model.DescribeTaskDefinitionResponse;
import dev.gantry.model.TaskDefinitionField;
import dev.gantry.model.arn.TaskDefinitionRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.store.StateStore;

/**
 * DescribeTaskDefinition: one stored read for {@code family:revision} or an ARN (any status),
 * a reverse range for a bare family (its latest ACTIVE revision). Tags only with
 * {@code include: ["TAGS"]}, as in ECS.
 */
final class DescribeTaskDefinitionHandler
    implements OperationHandler<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse> {
  /** ECS's message for every reference that names no task definition. */
  static final String UNABLE = "Unable to describe task definition.";

  private final StateStore store;

  DescribeTaskDefinitionHandler(StateStore store) {
    this.store = store;
  }

  @Override
  public DescribeTaskDefinitionResponse handle(DescribeTaskDefinitionRequest request, CallContext context) {
    String text = request.taskDefinition();
    if (text == null || text.isEmpty()) {
      throw EcsException.clientError("taskDefinition is missing: give a family, family:revision or a task "
          + "definition ARN.");
    }
    StoredTaskDefinition stored = TaskDefinitionRef.parse(text)
        .flatMap(ref -> TaskDefinitionLookup.find(store, ref))
        .orElseThrow(() -> EcsException.clientError(UNABLE))
        .value();
    boolean withTags = Members.orEmpty(request.include()).contains(TaskDefinitionField.TAGS);
    return DescribeTaskDefinitionResponse.builder()
        .taskDefinition(stored.taskDefinition())
        .tags(withTags ? stored.tags() : null)
        .build();
  }
}
