package dev.gantry.server.ops;

import dev.gantry.model.ListTaskDefinitionFamiliesRequest;
import dev.gantry.model.ListTaskDefinitionFamiliesResponse;
import dev.gantry.model.TaskDefinitionFamilyStatus;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ListTaskDefinitionFamilies: family names starting with {@code familyPrefix}, in name order.
 * ACTIVE lists families with an ACTIVE revision, INACTIVE those without one; absent status
 * and ALL list both (the service model's default). Pages over the small per-family records,
 * whose revision counts answer the status question without reading any revision.
 */
final class ListTaskDefinitionFamiliesHandler
    implements OperationHandler<ListTaskDefinitionFamiliesRequest, ListTaskDefinitionFamiliesResponse> {
  private static final Pattern FAMILY_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]*");

  private final StateStore store;

  ListTaskDefinitionFamiliesHandler(StateStore store) {
    this.store = store;
  }

  @Override
  public ListTaskDefinitionFamiliesResponse handle(ListTaskDefinitionFamiliesRequest request, CallContext context) {
    int maxResults = Pagination.maxResults(request.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    String familyPrefix = request.familyPrefix() == null ? "" : request.familyPrefix();
    if (!FAMILY_CHARACTERS.matcher(familyPrefix).matches()) {
      // No family name has these characters, so nothing matches.
      return ListTaskDefinitionFamiliesResponse.builder().families(List.of()).build();
    }
    TaskDefinitionFamilyStatus status = request.status() == null ? TaskDefinitionFamilyStatus.ALL : request.status();
    Pagination.Page<String> page = Pagination.page(store, Keys.TASK_DEFINITION_FAMILIES + familyPrefix,
        request.nextToken(), maxResults, false, kv -> {
          TaskDefinitionFamily f = Records.decode(kv, TaskDefinitionFamily.class);
          return matches(f, status) ? Optional.of(f.family()) : Optional.empty();
        });
    return ListTaskDefinitionFamiliesResponse.builder()
        .families(page.items())
        .nextToken(page.nextTokenOrNull())
        .build();
  }

  private static boolean matches(TaskDefinitionFamily f, TaskDefinitionFamilyStatus status) {
    // A family whose revisions are all gone (none stored) is no longer listed, as in ECS.
    if (f.revisions() == 0) {
      return false;
    }
    return switch (status) {
      case ACTIVE -> f.activeRevisions() > 0;
      case INACTIVE -> f.activeRevisions() == 0;
      case ALL -> true;
    };
  }
}
