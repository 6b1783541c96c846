package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.arn.ClusterRef;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finding the cluster a request names (short name, ARN, or absent for "default"). Shared by
 * every operation that takes a {@code cluster} member or a cluster ARN: reads accept INACTIVE
 * clusters (ECS keeps them describable), writes need an ACTIVE one. Operations differ only in
 * the error they report for a cluster they cannot use, so the finders return Optional where an
 * operation has its own error and throw where the common one fits.
 */
final class Clusters {
  static final String ACTIVE = "ACTIVE";
  static final String INACTIVE = "INACTIVE";

  private Clusters() {}

  /** The cluster name a request means; InvalidParameterException when it is neither a name nor a cluster ARN. */
  static String name(String member, String ref) {
    return ClusterRef.name(ref).orElseThrow(() -> EcsException.invalidParameter(
        member + " '" + ref + "' is not a valid cluster: give a cluster name (1-255 letters, numbers, "
            + "hyphens and underscores) or a cluster ARN."));
  }

  static boolean isActive(Cluster cluster) {
    return ACTIVE.equals(cluster.status());
  }

  /** The named cluster in any status. */
  static Optional<Records.Versioned<Cluster>> find(StateStore store, String name) {
    return Records.get(store, Keys.cluster(name), Cluster.class);
  }

  /** The named cluster if it exists and is ACTIVE; empty for a missing or INACTIVE (deleted) one. */
  static Optional<Records.Versioned<Cluster>> findActive(StateStore store, String name) {
    return find(store, name).filter(c -> isActive(c.value()));
  }

  /** The named cluster in any status; ClusterNotFoundException when it was never created. */
  static Records.Versioned<Cluster> require(StateStore store, String ref) {
    String name = name("cluster", ref);
    return find(store, name).orElseThrow(() -> EcsException.clusterNotFound(name));
  }

  /** The named cluster, which must be ACTIVE: an INACTIVE (deleted) one gets InvalidParameterException, as in ECS. */
  static Records.Versioned<Cluster> requireActive(StateStore store, String ref) {
    return requireActive(store, ref, Clusters::inactive);
  }

  /** The named cluster, which must be ACTIVE; {@code whenInactive} makes the error for a deleted one from its name. */
  static Records.Versioned<Cluster> requireActive(StateStore store, String ref,
      Function<String, EcsException> whenInactive) {
    Records.Versioned<Cluster> cluster = require(store, ref);
    if (!isActive(cluster.value())) {
      throw whenInactive.apply(cluster.value().clusterName());
    }
    return cluster;
  }

  private static EcsException inactive(String name) {
    return new EcsException(ErrorType.InvalidParameterException, "The cluster '" + name
        + "' is INACTIVE (it was deleted): create it again with CreateCluster or use an ACTIVE cluster.");
  }
}
