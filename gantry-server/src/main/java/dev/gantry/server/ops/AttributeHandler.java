package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DeleteAttributesRequest;
import dev.gantry.model.DeleteAttributesResponse;
import dev.gantry.model.ListAttributesRequest;
import dev.gantry.model.ListAttributesResponse;
import dev.gantry.model.PutAttributesRequest;
import dev.gantry.model.PutAttributesResponse;
import dev.gantry.model.TargetType;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * PutAttributes, DeleteAttributes and ListAttributes over the {@code attributes} list of
 * container-instance records. A Put or Delete touching several instances commits as one
 * transaction; the attributes come back exactly as the caller sent them, as ECS echoes them.
 * Built-in attributes ({@code ecs.*}, {@code com.amazonaws.ecs.*}) belong to the agent's
 * registration and cannot be set or deleted here.
 */
final class AttributeHandler {
  private final StateStore store;

  AttributeHandler(StateStore store) {
    this.store = store;
  }

  PutAttributesResponse put(PutAttributesRequest request, CallContext context) {
    List<Attribute> attributes = checkedList(request.attributes());
    attributes.forEach(a -> AttributeRules.check("attributes", a));
    change(request.cluster(), attributes, "put attributes", (instance, mine) -> {
      Map<String, Attribute> byName = new LinkedHashMap<>();
      Members.orEmpty(instance.attributes()).forEach(a -> byName.put(a.name(), a));
      mine.forEach(a -> byName.put(a.name(), Attribute.builder().name(a.name()).value(a.value()).build()));
      List<Attribute> next = new ArrayList<>(byName.values());
      long custom = AttributeRules.customCount(next);
      if (custom > AttributeRules.MAX_CUSTOM_PER_INSTANCE) {
        throw new EcsException(ErrorType.AttributeLimitExceededException, "Container instance '"
            + instance.containerInstanceArn() + "' would have " + custom + " custom attributes; an instance can have "
            + "at most " + AttributeRules.MAX_CUSTOM_PER_INSTANCE + ". Remove some with DeleteAttributes first.");
      }
      return next;
    });
    return PutAttributesResponse.builder().attributes(attributes).build();
  }

  DeleteAttributesResponse delete(DeleteAttributesRequest request, CallContext context) {
    List<Attribute> attributes = checkedList(request.attributes());
    // Only names matter when deleting, so a value sent along is not checked.
    attributes.forEach(a -> AttributeRules.check("attributes", a == null ? null : a.toBuilder().value(null).build()));
    change(request.cluster(), attributes, "delete attributes", (instance, mine) -> {
      List<Attribute> next = new ArrayList<>(Members.orEmpty(instance.attributes()));
      next.removeIf(a -> mine.stream().anyMatch(m -> m.name().equals(a.name())));
      return next;
    });
    return DeleteAttributesResponse.builder().attributes(attributes).build();
  }

  ListAttributesResponse list(ListAttributesRequest request, CallContext context) {
    if (request.targetType() == null) {
      throw EcsException.invalidParameter("targetType is required; the valid value is container-instance.");
    }
    if (request.attributeValue() != null && request.attributeName() == null) {
      throw EcsException.invalidParameter("attributeValue '" + request.attributeValue() + "' needs attributeName too: "
          + "filtering by value is done within one attribute name.");
    }
    int max = Pagination.maxResults(request.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    String cluster = Clusters.require(store, request.cluster()).value().clusterName();
    AttributePage page = AttributePage.of(ContainerInstances.all(store, cluster), cluster, request.attributeName(),
        request.attributeValue(), request.nextToken(), max);
    return ListAttributesResponse.builder().attributes(page.attributes()).nextToken(page.nextToken()).build();
  }

  private static List<Attribute> checkedList(List<Attribute> attributes) {
    if (attributes == null || attributes.isEmpty() || attributes.size() > AttributeRules.MAX_PER_CALL) {
      throw EcsException.invalidParameter("attributes must list 1 to " + AttributeRules.MAX_PER_CALL
          + " attributes; got " + (attributes == null ? 0 : attributes.size()) + ".");
    }
    for (Attribute a : attributes) {
      if (a != null && a.name() != null && AttributeRules.builtIn(a.name())) {
        throw EcsException.invalidParameter("attributes: '" + a.name() + "' is a built-in attribute that the agent "
            + "reports at registration; custom attribute names cannot start with 'ecs.', 'com.amazonaws.ecs.' or 'gantry.'.");
      }
    }
    return attributes;
  }

  /**
   * Applies {@code edit} to the attributes of every targeted instance in one transaction.
   * Unknown or deregistered targets are TargetNotFoundException, as in ECS.
   */
  private void change(String clusterRef, List<Attribute> attributes, String what,
      BiFunction<ContainerInstance, List<Attribute>, List<Attribute>> edit) {
    ConflictRetry.run(store, what, () -> {
      String cluster = Clusters.requireActive(store, clusterRef).value().clusterName();
      Map<String, List<Attribute>> byTarget = new LinkedHashMap<>();
      Map<String, Records.Versioned<ContainerInstance>> targets = new LinkedHashMap<>();
      for (Attribute a : attributes) {
        Records.Versioned<ContainerInstance> target = target(cluster, a);
        String arn = target.value().containerInstanceArn();
        targets.putIfAbsent(arn, target);
        byTarget.computeIfAbsent(arn, k -> new ArrayList<>()).add(a);
      }
      Records.Replacements changes = new Records.Replacements();
      for (var entry : targets.entrySet()) {
        ContainerInstance current = entry.getValue().value();
        List<Attribute> next = edit.apply(current, byTarget.get(entry.getKey()));
        if (!next.equals(Members.orEmpty(current.attributes()))) {
          changes.add(entry.getValue().kv(),
              current.toBuilder().attributes(next).version(current.version() + 1).build());
        }
      }
      return new ConflictRetry.Plan<>(changes.txn(), Boolean.TRUE);
    });
  }

  private Records.Versioned<ContainerInstance> target(String cluster, Attribute a) {
    String targetId = a.targetId();
    if (targetId == null || targetId.isEmpty()) {
      throw EcsException.invalidParameter("attributes: attribute '" + a.name() + "' has no targetId: give the id or "
          + "ARN of a container instance.");
    }
    if (a.targetType() == null && !targetId.startsWith("arn:")) {
      throw EcsException.invalidParameter("attributes: attribute '" + a.name() + "' gives the short targetId '"
          + targetId + "' without targetType: add targetType container-instance, or give the full ARN.");
    }
    if (a.targetType() != null && a.targetType() != TargetType.CONTAINER_INSTANCE) {
      throw EcsException.invalidParameter("attributes: targetType '" + a.targetType() + "' is not valid: use "
          + "container-instance.");
    }
    return ContainerInstances.find(store, cluster, targetId)
        .filter(v -> !ContainerInstances.isDeregistered(v.value()))
        .orElseThrow(() -> new EcsException(ErrorType.TargetNotFoundException, "Target '" + targetId
            + "' of attribute '" + a.name() + "' is not a registered container instance of cluster '" + cluster
            + "'; see ListContainerInstances."));
  }
}
