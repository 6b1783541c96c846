package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ListTagsForResourceRequest;
import dev.gantry.model.ListTagsForResourceResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.TagResourceRequest;
import dev.gantry.model.TagResourceResponse;
import dev.gantry.model.UntagResourceRequest;
import dev.gantry.model.UntagResourceResponse;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.KeyValue;
import dev.gantry.store.StateStore;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * TagResource, UntagResource and ListTagsForResource over clusters, container instances, task
 * definitions, tasks and services.
 *
 * <p>Tags live in the {@code tags} member of each resource's own record, so a tag write is a
 * read-modify-write of that record guarded by its mod-revision: a concurrent change to any
 * other member (by another handler or another server replica) makes the write retry on the
 * fresh record instead of overwriting it. Missing resources get ECS's errors: a missing or
 * INACTIVE cluster is ClusterNotFoundException (also for the instances, tasks and services in
 * it); any other missing resource is ResourceNotFoundException where the operation declares it
 * (TagResource, UntagResource) and InvalidParameterException where it does not
 * (ListTagsForResource).
 */
final class TagOperations {
  private final StateStore store;

  TagOperations(StateStore store, ServerSettings settings) {
    this.store = store;
  }

  List<Operation<?, ?>> operations() {
    return List.of(
        Operation.user("TagResource", TagResourceRequest.class, this::tagResource),
        Operation.user("UntagResource", UntagResourceRequest.class, this::untagResource),
        Operation.user("ListTagsForResource", ListTagsForResourceRequest.class, this::listTagsForResource));
  }

  TagResourceResponse tagResource(TagResourceRequest request, CallContext context) {
    TaggableResource resource = TaggableResource.of(request.resourceArn());
    List<Tag> added = TagRules.checkedTags(request.tags());
    update(resource, existing -> TagRules.merged(existing, added));
    return TagResourceResponse.builder().build();
  }

  UntagResourceResponse untagResource(UntagResourceRequest request, CallContext context) {
    TaggableResource resource = TaggableResource.of(request.resourceArn());
    List<String> removed = TagRules.checkedKeys(request.tagKeys());
    update(resource, existing -> TagRules.without(existing, removed));
    return UntagResourceResponse.builder().build();
  }

  ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request, CallContext context) {
    TaggableResource resource = TaggableResource.of(request.resourceArn());
    KeyValue kv = load(resource, ErrorType.InvalidParameterException);
    return ListTagsForResourceResponse.builder().tags(resource.access().read(kv.value())).build();
  }

  private void update(TaggableResource resource, UnaryOperator<List<Tag>> change) {
    ConflictRetry.run(store, "update the tags of " + resource.noun(), () -> {
      KeyValue kv = load(resource, ErrorType.ResourceNotFoundException);
      List<Tag> before = resource.access().read(kv.value());
      List<Tag> after = change.apply(before);
      if (after.equals(before)) {
        return ConflictRetry.Plan.noWrite(after);
      }
      return ConflictRetry.Plan.write(Records.replace(kv, resource.access().write(kv.value(), after)), after);
    });
  }

  private KeyValue load(TaggableResource resource, ErrorType missing) {
    if (resource.access() == TaggableResource.CLUSTER) {
      return activeCluster(resource.clusterName().orElseThrow()).kv();
    }
    resource.clusterName().ifPresent(this::activeCluster);
    return store.get(resource.key()).orElseThrow(() -> new EcsException(missing,
        "The specified resource wasn't found: " + resource.noun() + " does not exist (resourceArn '"
            + resource.arn() + "')."));
  }

  private Records.Versioned<Cluster> activeCluster(String name) {
    return Clusters.findActive(store, name).orElseThrow(() -> EcsException.clusterNotFound(name));
  }
}
