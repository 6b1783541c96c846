package dev.gantry.server.ops;

import dev.gantry.model.ListTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionsResponse;
import dev.gantry.model.SortOrder;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * ListTaskDefinitions: revision ARNs of one status (ACTIVE unless asked), by family and then
 * revision number, ascending unless {@code sort} is DESC. {@code familyPrefix} is, as in ECS,
 * a whole family name, so it narrows the key range to that family's revisions.
 *
 * <p>Order is the key order of {@code /taskdefs/<family>/<revision>}: families in name order,
 * except that a family whose name extends another's with "-" sorts before it (the key
 * separator "/" sorts after "-"); revisions in numeric order.
 */
final class ListTaskDefinitionsHandler
    implements OperationHandler<ListTaskDefinitionsRequest, ListTaskDefinitionsResponse> {
  private final StateStore store;

  ListTaskDefinitionsHandler(StateStore store) {
    this.store = store;
  }

  @Override
  public ListTaskDefinitionsResponse handle(ListTaskDefinitionsRequest request, CallContext context) {
    int maxResults = Pagination.maxResults(request.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    TaskDefinitionStatus status = request.status() == null ? TaskDefinitionStatus.ACTIVE : request.status();
    String family = request.familyPrefix();
    String prefix;
    if (family == null || family.isEmpty()) {
      prefix = Keys.TASK_DEFINITIONS;
    } else if (EcsArn.NAME.matcher(family).matches()) {
      prefix = Keys.taskDefinitionFamily(family);
    } else {
      // No family can have this name, so nothing matches; no key range can be built from it either.
      return ListTaskDefinitionsResponse.builder().taskDefinitionArns(List.of()).build();
    }
    Pagination.Page<String> page = Pagination.page(store, prefix, request.nextToken(), maxResults,
        request.sort() == SortOrder.DESC, kv -> {
          TaskDefinition td = Records.decode(kv, StoredTaskDefinition.class).taskDefinition();
          return td.status() == status ? Optional.of(td.taskDefinitionArn()) : Optional.empty();
        });
    return ListTaskDefinitionsResponse.builder()
        .taskDefinitionArns(page.items())
        .nextToken(page.nextTokenOrNull())
        .build();
  }
}
