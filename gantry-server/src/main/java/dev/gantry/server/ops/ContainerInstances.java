package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finding container instances of one cluster by what users pass: the short id or the full ARN
 * (with the cluster segment, or ECS's old form without it). An ARN naming another cluster does
 * not match: instances belong to exactly one cluster.
 */
final class ContainerInstances {
  static final String ACTIVE = "ACTIVE";
  static final String DRAINING = "DRAINING";
  static final String INACTIVE = "INACTIVE";
  /** The statuses in which an instance counts as registered (ECS counts both for the cluster). */
  static final Set<String> REGISTERED = Set.of(ACTIVE, DRAINING);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private ContainerInstances() {}

  /** The instance id {@code ref} names within {@code clusterName}, or empty when it cannot name one there. */
  static Optional<String> id(String clusterName, String ref) {
    if (ref == null || ref.isEmpty()) {
      return Optional.empty();
    }
    if (!ref.startsWith("arn:")) {
      return ID.matcher(ref).matches() ? Optional.of(ref) : Optional.empty();
    }
    return EcsArn.parse(ref)
        .filter(EcsArn.ContainerInstance.class::isInstance)
        .map(EcsArn.ContainerInstance.class::cast)
        .filter(arn -> arn.clusterName().map(clusterName::equals).orElse(true))
        .map(EcsArn.ContainerInstance::id)
        .filter(id -> ID.matcher(id).matches());
  }

  /** The id part of a stored instance's ARN. */
  static String id(ContainerInstance instance) {
    String arn = instance.containerInstanceArn();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  static Optional<Records.Versioned<ContainerInstance>> find(StateStore store, String clusterName, String ref) {
    return id(clusterName, ref).flatMap(id -> Records.get(store, Keys.instance(clusterName, id), ContainerInstance.class));
  }

  /** The referenced instance in any status; InvalidParameterException naming {@code member} when there is none. */
  static Records.Versioned<ContainerInstance> require(StateStore store, String clusterName, String member, String ref) {
    if (ref == null || ref.isEmpty()) {
      throw EcsException.invalidParameter(member + " is required: give a container instance id or ARN.");
    }
    return find(store, clusterName, ref).orElseThrow(() -> EcsException.invalidParameter(
        member + " '" + ref + "' was not found in cluster '" + clusterName
            + "': give the id or ARN of a container instance of that cluster (see ListContainerInstances)."));
  }

  /** Every instance record of a cluster, in key order, with its revision. */
  static List<Records.Versioned<ContainerInstance>> all(StateStore store, String clusterName) {
    return store.range(Range.prefix(Keys.instances(clusterName))).kvs().stream()
        .map(ContainerInstances::decode)
        .toList();
  }

  static Records.Versioned<ContainerInstance> decode(KeyValue kv) {
    return new Records.Versioned<>(Records.decode(kv, ContainerInstance.class), kv);
  }

  /** The ARN to report for a reference that matched nothing: the ARN it would have, or the text as given. */
  static String failureArn(ArnFormat arns, String clusterName, String ref) {
    if (ref != null && !ref.startsWith("arn:") && ID.matcher(ref).matches()) {
      return arns.containerInstance(clusterName, ref);
    }
    return ref;
  }
}
