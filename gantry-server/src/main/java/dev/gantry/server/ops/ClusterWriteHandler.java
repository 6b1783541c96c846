package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ClusterSetting;
import dev.gantry.model.ClusterSettingName;
import dev.gantry.model.CreateClusterRequest;
import dev.gantry.model.CreateClusterResponse;
import dev.gantry.model.DeleteClusterRequest;
import dev.gantry.model.DeleteClusterResponse;
import dev.gantry.model.PutClusterCapacityProvidersRequest;
import dev.gantry.model.Setting;
import dev.gantry.model.SettingName;
import dev.gantry.model.PutClusterCapacityProvidersResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.UpdateClusterRequest;
import dev.gantry.model.UpdateClusterResponse;
import dev.gantry.model.UpdateClusterSettingsRequest;
import dev.gantry.model.UpdateClusterSettingsResponse;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The calls that change a cluster record. CreateCluster is idempotent by name: an ACTIVE cluster
 * comes back unchanged, an INACTIVE (deleted) one is created afresh from the request, with
 * containerInsights from the account setting when the request does not set it. DeleteCluster
 * only marks the record INACTIVE, so the cluster stays describable as in ECS; it refuses while the
 * cluster still has registered instances, services or unstopped tasks.
 */
final class ClusterWriteHandler {
  private final StateStore store;
  private final ArnFormat arns;

  ClusterWriteHandler(StateStore store, ArnFormat arns) {
    this.store = store;
    this.arns = arns;
  }

  CreateClusterResponse create(CreateClusterRequest request, CallContext context) {
    String name = ClusterRules.newClusterName(request.clusterName());
    List<Tag> tags = TagRules.check(request.tags());
    var settings = ClusterRules.mergeSettings("settings", defaultSettings(), request.settings());
    var configuration = ClusterRules.configuration(request.configuration());
    var serviceConnect = ClusterRules.serviceConnectDefaults(request.serviceConnectDefaults());
    ClusterRules.noCapacityProviders(request.capacityProviders(), request.defaultCapacityProviderStrategy());
    Cluster fresh = Cluster.builder()
        .clusterArn(arns.cluster(name))
        .clusterName(name)
        .status(Clusters.ACTIVE)
        .tags(tags)
        .settings(settings)
        .configuration(configuration)
        .serviceConnectDefaults(serviceConnect.orElse(null))
        .capacityProviders(List.of())
        .defaultCapacityProviderStrategy(List.of())
        .build();
    Cluster cluster = ConflictRetry.run(store, "create cluster " + name, () -> {
      Optional<Records.Versioned<Cluster>> existing = Clusters.find(store, name);
      if (existing.isPresent() && Clusters.isActive(existing.get().value())) {
        return ConflictRetry.Plan.noWrite(existing.get().value());
      }
      Txn txn = Records.createOrReplace(Keys.cluster(name), existing.map(Records.Versioned::kv), fresh);
      return ConflictRetry.Plan.write(txn, fresh);
    });
    return CreateClusterResponse.builder().cluster(view(cluster)).build();
  }

  /**
   * The settings a new cluster has unless the request says otherwise: containerInsights as the
   * account's effective setting, as in ECS. Every user call acts for the account (there are no
   * per-user identities), so the effective value is the root principal's.
   */
  private List<ClusterSetting> defaultSettings() {
    Setting insights = AccountSettingOperations.effective(store, arns, SettingName.CONTAINERINSIGHTS,
        arns.rootPrincipal());
    return List.of(ClusterSetting.builder().name(ClusterSettingName.CONTAINERINSIGHTS).value(insights.value()).build());
  }

  UpdateClusterResponse update(UpdateClusterRequest request, CallContext context) {
    var configuration = ClusterRules.configuration(request.configuration());
    var serviceConnect = request.serviceConnectDefaults();
    Cluster cluster = change(request.cluster(), "update cluster", current -> {
      Cluster.Builder b = current.toBuilder()
          .settings(ClusterRules.mergeSettings("settings", current.settings(), request.settings()));
      if (configuration != null) {
        b.configuration(configuration);
      }
      if (serviceConnect != null) {
        b.serviceConnectDefaults(ClusterRules.serviceConnectDefaults(serviceConnect).orElse(null));
      }
      return b.build();
    });
    return UpdateClusterResponse.builder().cluster(view(cluster)).build();
  }

  UpdateClusterSettingsResponse updateSettings(UpdateClusterSettingsRequest request, CallContext context) {
    if (request.settings() == null || request.settings().isEmpty()) {
      throw EcsException.invalidParameter("settings is required: give at least one setting, e.g. "
          + "name=containerInsights,value=enabled.");
    }
    Cluster cluster = change(request.cluster(), "update cluster settings", current -> current.toBuilder()
        .settings(ClusterRules.mergeSettings("settings", current.settings(), request.settings()))
        .build());
    return UpdateClusterSettingsResponse.builder().cluster(view(cluster)).build();
  }

  PutClusterCapacityProvidersResponse putCapacityProviders(PutClusterCapacityProvidersRequest request,
      CallContext context) {
    if (request.capacityProviders() == null) {
      throw EcsException.invalidParameter("capacityProviders is required; Gantry accepts only an empty list.");
    }
    if (request.defaultCapacityProviderStrategy() == null) {
      throw EcsException.invalidParameter("defaultCapacityProviderStrategy is required; Gantry accepts only an "
          + "empty list.");
    }
    ClusterRules.noCapacityProviders(request.capacityProviders(), request.defaultCapacityProviderStrategy());
    Cluster cluster = Clusters.requireActive(store, request.cluster()).value();
    return PutClusterCapacityProvidersResponse.builder().cluster(view(cluster)).build();
  }

  DeleteClusterResponse delete(DeleteClusterRequest request, CallContext context) {
    if (request.cluster() == null || request.cluster().isEmpty()) {
      throw EcsException.invalidParameter("cluster is required: give the name or ARN of the cluster to delete.");
    }
    Cluster cluster = change(request.cluster(), "delete cluster", current -> {
      refuseIfNotEmpty(current.clusterName(), ClusterCounts.read(store, current.clusterName()));
      return current.toBuilder().status(Clusters.INACTIVE).build();
    });
    return DeleteClusterResponse.builder().cluster(view(cluster)).build();
  }

  private static void refuseIfNotEmpty(String name, ClusterCounts counts) {
    if (counts.registeredInstances() > 0) {
      throw new EcsException(ErrorType.ClusterContainsContainerInstancesException, "Cluster '" + name + "' still has "
          + counts.registeredInstances() + " registered container instance(s) (ACTIVE or DRAINING): deregister "
          + "them with DeregisterContainerInstance before deleting the cluster.");
    }
    if (counts.undeletedServicesCount() > 0) {
      throw new EcsException(ErrorType.ClusterContainsServicesException, "Cluster '" + name + "' still has "
          + counts.undeletedServicesCount() + " ACTIVE or DRAINING service(s): scale them to 0 and delete them "
          + "with DeleteService before deleting the cluster.");
    }
    if (counts.unstoppedTasks() > 0) {
      throw new EcsException(ErrorType.ClusterContainsTasksException, "Cluster '" + name + "' still has "
          + counts.unstoppedTasks() + " task(s) that are not STOPPED: stop them with StopTask before deleting "
          + "the cluster.");
    }
  }

  /** Read-modify-write of an ACTIVE cluster; a change that alters nothing writes nothing. */
  private Cluster change(String ref, String what, UnaryOperator<Cluster> edit) {
    return ConflictRetry.run(store, what, () -> {
      Records.Versioned<Cluster> current = Clusters.requireActive(store, ref);
      Cluster next = edit.apply(current.value());
      if (next.equals(current.value())) {
        return ConflictRetry.Plan.noWrite(next);
      }
      return ConflictRetry.Plan.write(Records.replace(current.kv(), next), next);
    });
  }

  private Cluster view(Cluster cluster) {
    return ClusterView.render(cluster, ClusterCounts.read(store, cluster.clusterName()), ClusterView.CHANGED);
  }
}
