package dev.gantry.server.ops;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RegisterTaskDefinitionResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.model.validation.TaskDefinitionValidator;
import dev.gantry.model.validation.Violation;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.OperationHandler;
import dev.gantry.server.api.Principal;
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
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * RegisterTaskDefinition: validates the definition, fills it in as ECS does and stores it as
 * the family's next revision.
 *
 * <p>Revisions are 1, 2, 3, ... per family and never reused: the revision and the family
 * record ({@link TaskDefinitionFamily}) are written in one transaction that compares the
 * family record's mod-revision (absent for a new family), retried on conflict. Registers of
 * one family inside this server first queue on a family lock, so they all succeed without
 * spending their retries on each other; the compare keeps replicas correct.
 */
final class RegisterTaskDefinitionHandler
    implements OperationHandler<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse> {
  /** ECS's own message when a register keeps losing the race for the family's next revision. */
  static final String TOO_MANY_REVISIONS =
      "Too many concurrent attempts to create a new revision of the specified family.";

  private final StateStore store;
  private final ArnFormat arns;
  private final FamilyLocks locks;

  RegisterTaskDefinitionHandler(StateStore store, ArnFormat arns, FamilyLocks locks) {
    this.store = store;
    this.arns = arns;
    this.locks = locks;
  }

  @Override
  public RegisterTaskDefinitionResponse handle(RegisterTaskDefinitionRequest request, CallContext context) {
    requireNoNullEntries(request);
    List<Violation> violations = TaskDefinitionValidator.validate(request);
    if (!violations.isEmpty()) {
      throw EcsException.clientError(violationsMessage(violations));
    }
    requireShape(request);
    PlacementRules.checkDefinitionConstraints(request.placementConstraints());
    List<Tag> tags = TagRules.check(request.tags());
    Instant now = context.now().truncatedTo(ChronoUnit.MILLIS);
    TaskDefinition content = TaskDefinitionNormalizer.normalize(request, now, registeredBy(context.principal()));
    TaskDefinition registered = locks.withLock(request.family(), () -> store(content, tags));
    return RegisterTaskDefinitionResponse.builder().taskDefinition(registered).tags(tags).build();
  }

  private TaskDefinition store(TaskDefinition content, List<Tag> tags) {
    return ConflictRetry.run(store, () -> nextRevision(content, tags), () -> {
      throw EcsException.clientError(TOO_MANY_REVISIONS);
    });
  }

  /** The family's next revision and its bookkeeping, written together if the family record is unchanged. */
  private ConflictRetry.Plan<TaskDefinition> nextRevision(TaskDefinition content, List<Tag> tags) {
    String family = content.family();
    String familyKey = Keys.taskDefinitionFamilyMeta(family);
    Optional<Versioned<TaskDefinitionFamily>> current = TaskDefinitionLookup.family(store, family);
    TaskDefinitionFamily before = current.map(Versioned::value).orElse(new TaskDefinitionFamily(family, 0, 0, 0));
    int revision = before.lastRevision() + 1;
    TaskDefinition td = content.toBuilder()
        .revision(revision)
        .taskDefinitionArn(arns.taskDefinition(family, revision))
        .build();
    TaskDefinitionFamily after = new TaskDefinitionFamily(
        family, revision, before.activeRevisions() + 1, before.revisions() + 1);
    String key = Keys.taskDefinition(family, revision);
    Txn txn = new Txn(
        List.of(current.map(v -> Compare.unchanged(v.kv())).orElse(Compare.absent(familyKey)), Compare.absent(key)),
        List.of(Op.put(key, JsonCodec.encode(new StoredTaskDefinition(td, tags))),
            Op.put(familyKey, JsonCodec.encode(after))));
    return ConflictRetry.Plan.write(txn, td);
  }

  /** Every violation, as "field: message" joined by "; ", so the user can fix all of them at once. */
  static String violationsMessage(List<Violation> violations) {
    return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /**
   * Null entries in the lists this handler and the validator walk are rejected before anything
   * looks inside them.
   */
  private static void requireNoNullEntries(RegisterTaskDefinitionRequest r) {
    List<ContainerDefinition> containers = Members.orEmpty(r.containerDefinitions());
    for (int i = 0; i < containers.size(); i++) {
      ContainerDefinition c = containers.get(i);
      if (c == null) {
        throw EcsException.clientError("containerDefinitions[" + i + "] is null: give a container definition object.");
      }
      List<PortMapping> ports = c.portMappings();
      if (ports != null && ports.stream().anyMatch(Objects::isNull)) {
        throw EcsException.clientError("containerDefinitions[" + i + "].portMappings has a null entry: give "
            + "port mapping objects.");
      }
    }
  }

  /**
   * The shape rules this handler itself depends on (a family usable in a key, at least one
   * container), for the case the validator let them through.
   */
  private static void requireShape(RegisterTaskDefinitionRequest r) {
    if (r.family() == null || !EcsArn.NAME.matcher(r.family()).matches()) {
      throw EcsException.clientError("family " + (r.family() == null ? "is missing" : "'" + r.family() + "' is not valid")
          + ": use 1 to 255 letters, digits, hyphens and underscores.");
    }
    if (r.containerDefinitions() == null || r.containerDefinitions().isEmpty()) {
      throw EcsException.clientError("containerDefinitions is missing: a task definition needs at least one container.");
    }
  }

  private String registeredBy(Principal principal) {
    return switch (principal) {
      case Principal.Root root -> arns.rootPrincipal();
      case Principal.Agent agent -> throw new EcsException(ErrorType.AccessDeniedException,
          "Agent credentials may not register task definitions: use the operator's credentials.");
    };
  }
}
