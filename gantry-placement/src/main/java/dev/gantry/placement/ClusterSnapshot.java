package dev.gantry.placement;

import java.util.List;

/** The container instances of one cluster, read at one consistent store revision. */
public record ClusterSnapshot(List<InstanceView> instances) {
  public ClusterSnapshot {
    instances = List.copyOf(instances);
  }
}
