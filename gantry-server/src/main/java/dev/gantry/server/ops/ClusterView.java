package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ClusterField;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A stored cluster as an operation returns it: the live counts filled in, and the optional
 * members present only when asked for, as DescribeClusters' {@code include} controls them.
 * Calls that change a cluster return it with settings, configuration and tags.
 */
final class ClusterView {
  /** What Create/Update/Delete-style responses carry. */
  static final Set<ClusterField> CHANGED = EnumSet.of(ClusterField.SETTINGS, ClusterField.CONFIGURATIONS,
      ClusterField.TAGS);

  private ClusterView() {}

  static Cluster render(Cluster stored, ClusterCounts counts, Set<ClusterField> include) {
    boolean attachments = include.contains(ClusterField.ATTACHMENTS);
    return stored.toBuilder()
        .registeredContainerInstancesCount(counts.registeredInstances())
        .runningTasksCount(counts.runningTasksCount())
        .pendingTasksCount(counts.pendingTasksCount())
        .activeServicesCount(counts.activeServicesCount())
        // ECS always returns these two lists, empty unless asked for.
        .statistics(include.contains(ClusterField.STATISTICS) ? counts.statistics() : List.of())
        .tags(include.contains(ClusterField.TAGS) ? Members.orEmpty(stored.tags()) : List.of())
        .settings(include.contains(ClusterField.SETTINGS) ? Members.orEmpty(stored.settings()) : null)
        .configuration(include.contains(ClusterField.CONFIGURATIONS) ? stored.configuration() : null)
        .attachments(attachments ? Members.orEmpty(stored.attachments()) : null)
        .attachmentsStatus(attachments ? stored.attachmentsStatus() : null)
        .capacityProviders(Members.orEmpty(stored.capacityProviders()))
        .defaultCapacityProviderStrategy(Members.orEmpty(stored.defaultCapacityProviderStrategy()))
        .build();
  }
}
