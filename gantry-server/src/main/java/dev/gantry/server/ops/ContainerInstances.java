package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finding container instances of one cluster by what users pass: the short id or the full ARN
 * (with the cluster segment, or ECS's old form without it). An ARN naming another cluster does
 * not match: instances belong to exactly one cluster. Every operation that takes a container
 * instance reads it through here.
 */
final class ContainerInstances {
  static final String ACTIVE = "ACTIVE";
  static final String DRAINING = "DRAINING";
  static final String INACTIVE = "INACTIVE";
  /** The statuses in which an instance counts as registered (ECS counts both for the cluster). */
  static final Set<String> REGISTERED = Set.of(ACTIVE, DRAINING);

  private ContainerInstances() {}

  /**
   * A container instance as a request names it: its id, and the cluster its ARN carries (none
   * for a bare id or ECS's old ARN form).
   */
  record Ref(Optional<String> clusterName, String id) {}

  /** What {@code text} names, or empty when it is neither a container instance id nor a container instance ARN. */
  static Optional<Ref> ref(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.startsWith("arn:")) {
      return EcsArn.NAME.matcher(text).matches() ? Optional.of(new Ref(Optional.empty(), text)) : Optional.empty();
    }
    return EcsArn.parse(text)
        .filter(EcsArn.ContainerInstance.class::isInstance)
        .map(EcsArn.ContainerInstance.class::cast)
        .filter(arn -> EcsArn.NAME.matcher(arn.id()).matches())
        .map(arn -> new Ref(arn.clusterName(), arn.id()));
  }

  /** The instance id {@code text} names within {@code clusterName}, or empty when it cannot name one there. */
  static Optional<String> id(String clusterName, String text) {
    return ref(text)
        .filter(r -> r.clusterName().map(clusterName::equals).orElse(true))
        .map(Ref::id);
  }

  /** The id part of a stored instance's ARN. */
  static String id(ContainerInstance instance) {
    String arn = instance.containerInstanceArn();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  /** Deregistration is final: an INACTIVE instance stays describable but takes part in nothing. */
  static boolean isDeregistered(ContainerInstance instance) {
    return INACTIVE.equals(instance.status());
  }

  /** The instance stored under exactly this id, in any status. */
  static Optional<Records.Versioned<ContainerInstance>> get(StateStore store, String clusterName, String id) {
    return Records.get(store, Keys.instance(clusterName, id), ContainerInstance.class);
  }

  /** The instance {@code text} (id or ARN) names in the cluster, in any status. */
  static Optional<Records.Versioned<ContainerInstance>> find(StateStore store, String clusterName, String text) {
    return id(clusterName, text).flatMap(id -> get(store, clusterName, id));
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
    return Records.all(store, Keys.instances(clusterName), ContainerInstance.class);
  }

  /** The ARN to report for a reference that matched nothing: the ARN it would have, or the text as given. */
  static String failureArn(ArnFormat arns, String clusterName, String ref) {
    if (ref != null && !ref.startsWith("arn:") && EcsArn.NAME.matcher(ref).matches()) {
      return arns.containerInstance(clusterName, ref);
    }
    return ref;
  }
}
