package dev.gantry.server.ops;

import dev.gantry.model.ListTaskDefinitionsRequest;
import dev.gantry.model.ListTaskDefinitionsResponse;
import dev.gantry.model.SortOrder;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ListTaskDefinitions: revision ARNs of one status (ACTIVE unless asked), by family name and
 * then revision number, both ascending unless {@code sort} is DESC, which reverses both.
 * {@code familyPrefix} is, as in ECS, a whole family name, so it narrows the listing to that
 * family's revisions.
 *
 * <p>The revision keys {@code /taskdefs/<family>/<revision>} cannot give that order across
 * families: "/" sorts after "-", so "web-x" would come before "web". The family records
 * {@code /taskdef-families/<family>} do sort by name (a shorter name first), so the listing
 * walks them and ranges each family's revisions in turn, skipping a family whose revision
 * counts show no revision of the asked status. The nextToken carries the key of the last
 * revision returned; the next page resumes after it within its family and then after that
 * family's record, so revisions and families added between pages never shift a page.
 */
final class ListTaskDefinitionsHandler
    implements OperationHandler<ListTaskDefinitionsRequest, ListTaskDefinitionsResponse> {
  private static final String TOKEN_KIND = "td1:";
  private static final int FAMILY_CHUNK = 64;
  private static final int MIN_REVISION_CHUNK = 16;

  private final StateStore store;

  ListTaskDefinitionsHandler(StateStore store) {
    this.store = store;
  }

  /** A revision found: its key (the paging position) and its ARN. */
  private record Found(String key, String arn) {}

  /** Where a token says to resume: after revision key {@code key} of {@code family}. */
  private record Position(String family, String key) {}

  @Override
  public ListTaskDefinitionsResponse handle(ListTaskDefinitionsRequest request, CallContext context) {
    int maxResults = Pagination.maxResults(request.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    TaskDefinitionStatus status = request.status() == null ? TaskDefinitionStatus.ACTIVE : request.status();
    boolean descending = request.sort() == SortOrder.DESC;
    Optional<String> family = Optional.ofNullable(request.familyPrefix()).filter(f -> !f.isEmpty());
    if (family.isPresent() && !EcsArn.NAME.matcher(family.get()).matches()) {
      // No family can have this name, so nothing matches; no key range can be built from it either.
      return ListTaskDefinitionsResponse.builder().taskDefinitionArns(List.of()).build();
    }
    Optional<Position> resume = decode(request.nextToken(), family);
    // One more than a page, so that a nextToken is given only when another item really follows.
    int wanted = maxResults + 1;
    List<Found> found = new ArrayList<>();
    if (family.isPresent()) {
      collectRevisions(family.get(), resume.map(Position::key), descending, status, found, wanted);
    } else {
      resume.ifPresent(p -> collectRevisions(p.family(), Optional.of(p.key()), descending, status, found, wanted));
      collectFamilies(resume.map(p -> Keys.taskDefinitionFamilyMeta(p.family())), descending, status, found, wanted);
    }
    List<Found> page = found.subList(0, Math.min(maxResults, found.size()));
    String nextToken = found.size() > maxResults ? Pagination.token(TOKEN_KIND, page.getLast().key()) : null;
    return ListTaskDefinitionsResponse.builder()
        .taskDefinitionArns(page.stream().map(Found::arn).toList())
        .nextToken(nextToken)
        .build();
  }

  /** Walks the family records after {@code afterFamilyKey} in name order, collecting each family's revisions. */
  private void collectFamilies(Optional<String> afterFamilyKey, boolean descending, TaskDefinitionStatus status,
      List<Found> found, int wanted) {
    Range range = new Range(Keys.TASK_DEFINITION_FAMILIES, afterFamilyKey, FAMILY_CHUNK, descending);
    while (found.size() < wanted) {
      RangeResult chunk = store.range(range);
      for (KeyValue kv : chunk.kvs()) {
        TaskDefinitionFamily f = Records.decode(kv, TaskDefinitionFamily.class);
        if (mayHold(f, status)) {
          collectRevisions(f.family(), Optional.empty(), descending, status, found, wanted);
        }
        if (found.size() >= wanted) {
          return;
        }
      }
      if (!chunk.more() || chunk.kvs().isEmpty()) {
        return;
      }
      range = range.after(chunk.kvs().getLast().key());
    }
  }

  /** Whether the family's counts leave room for a revision of {@code status}. */
  private static boolean mayHold(TaskDefinitionFamily f, TaskDefinitionStatus status) {
    return status == TaskDefinitionStatus.ACTIVE
        ? f.activeRevisions() > 0
        : f.revisions() - f.activeRevisions() > 0;
  }

  /** Adds the family's revisions of {@code status} after {@code afterKey} until {@code wanted} are found. */
  private void collectRevisions(String family, Optional<String> afterKey, boolean descending,
      TaskDefinitionStatus status, List<Found> found, int wanted) {
    Range range = new Range(Keys.taskDefinitionFamily(family), afterKey, 0, descending);
    while (found.size() < wanted) {
      RangeResult chunk = store.range(range.limit(Math.max(wanted - found.size(), MIN_REVISION_CHUNK)));
      for (KeyValue kv : chunk.kvs()) {
        TaskDefinition td = Records.decode(kv, StoredTaskDefinition.class).taskDefinition();
        if (td.status() == status) {
          found.add(new Found(kv.key(), td.taskDefinitionArn()));
          if (found.size() >= wanted) {
            return;
          }
        }
      }
      if (!chunk.more() || chunk.kvs().isEmpty()) {
        return;
      }
      range = range.after(chunk.kvs().getLast().key());
    }
  }

  /**
   * The position a nextToken carries: a revision key, of {@code family} when the request names
   * one. Anything else is refused, so a token of another listing is never misread.
   */
  private static Optional<Position> decode(String token, Optional<String> family) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Pagination.position(TOKEN_KIND, token)
        .flatMap(ListTaskDefinitionsHandler::revisionKey)
        .filter(p -> family.isEmpty() || family.get().equals(p.family()))
        .map(Optional::of)
        .orElseThrow(() -> EcsException.invalidParameter("nextToken is not valid for this request: pass back "
            + "the nextToken value of the previous response of the same call unchanged."));
  }

  /** The family of a well-formed revision key; empty for any other text. */
  private static Optional<Position> revisionKey(String key) {
    int slash = key.lastIndexOf('/');
    if (!key.startsWith(Keys.TASK_DEFINITIONS) || slash <= Keys.TASK_DEFINITIONS.length()) {
      return Optional.empty();
    }
    String family = key.substring(Keys.TASK_DEFINITIONS.length(), slash);
    String revision = key.substring(slash + 1);
    if (!EcsArn.NAME.matcher(family).matches() || !revision.matches("\\d{10}")) {
      return Optional.empty();
    }
    return Optional.of(new Position(family, key));
  }
}
