package dev.gantry.model.arn;

import java.util.Optional;

/** A cluster as users name it in requests: a short name or a cluster ARN; absent means "default". */
public final class ClusterRef {
  public static final String DEFAULT = "default";

  private ClusterRef() {}

  /** The cluster name, or empty when {@code text} is neither a valid name nor a cluster ARN. */
  public static Optional<String> name(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.of(DEFAULT);
    }
    if (text.startsWith("arn:")) {
      return EcsArn.parse(text)
          .filter(EcsArn.Cluster.class::isInstance)
          .map(a -> ((EcsArn.Cluster) a).clusterName());
    }
    return EcsArn.NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty();
  }
}
