package dev.gantry.server.ops;

import dev.gantry.placement.query.QueryPredicates;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ContainerInstanceField;
import dev.gantry.model.ContainerInstanceHealthStatus;
import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeregisterContainerInstanceRequest;
import dev.gantry.model.DeregisterContainerInstanceResponse;
import dev.gantry.model.DescribeContainerInstancesRequest;
import dev.gantry.model.DescribeContainerInstancesResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.InstanceHealthCheckState;
import dev.gantry.model.ListContainerInstancesRequest;
import dev.gantry.model.ListContainerInstancesResponse;
import dev.gantry.model.Task;
import dev.gantry.model.UpdateContainerInstancesStateRequest;
import dev.gantry.model.UpdateContainerInstancesStateResponse;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.placement.query.ClusterQuery;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user-side container-instance calls: DeregisterContainerInstance (final; refused while
 * the instance has tasks that are not STOPPED unless forced), DescribeContainerInstances,
 * ListContainerInstances (all but INACTIVE by default) and UpdateContainerInstancesState
 * (ACTIVE/DRAINING, per-instance failures).
 */
final class ContainerInstanceHandler {
  static final int MAX_DESCRIBE = 100;
  static final int MAX_UPDATE_STATE = 10;

  private final StateStore store;
  private final ArnFormat arns;

  ContainerInstanceHandler(StateStore store, ArnFormat arns) {
    this.store = store;
    this.arns = arns;
  }

  DeregisterContainerInstanceResponse deregister(DeregisterContainerInstanceRequest request, CallContext context) {
    boolean force = Boolean.TRUE.equals(request.force());
    ContainerInstance result = ConflictRetry.run(store, "deregister a container instance", () -> {
      String cluster = Clusters.requireActive(store, request.cluster()).value().clusterName();
      Records.Versioned<ContainerInstance> current =
          ContainerInstances.require(store, cluster, "containerInstance", request.containerInstance());
      ContainerInstance instance = current.value();
      if (ContainerInstances.isDeregistered(instance)) {
        return ConflictRetry.Plan.noWrite(instance);
      }
      long unstopped = unstoppedTasksOn(cluster, instance.containerInstanceArn());
      if (unstopped > 0 && !force) {
        throw EcsException.invalidParameter("Container instance '" + instance.containerInstanceArn() + "' has "
            + unstopped + " task(s) that are not STOPPED: stop them first, or pass force=true to deregister anyway "
            + "(the tasks are then orphaned).");
      }
      ContainerInstance next = instance.toBuilder()
          .status(ContainerInstances.INACTIVE)
          .version(instance.version() + 1)
          .build();
      Txn txn = Records.replace(current.kv(), next);
      Optional<InstanceHostIndex.Removal> entry = Optional.ofNullable(instance.ec2InstanceId())
          .flatMap(host -> InstanceHostIndex.removal(store, cluster, host, ContainerInstances.id(instance)));
      if (entry.isPresent()) {
        // the host registers as a new instance from now on: its index entry goes with this one
        txn = new Txn(concat(txn.when(), entry.get().guard()), concat(txn.then(), entry.get().delete()));
      }
      return ConflictRetry.Plan.write(txn, next);
    });
    return DeregisterContainerInstanceResponse.builder().containerInstance(result).build();
  }

  private long unstoppedTasksOn(String cluster, String instanceArn) {
    return Records.values(store, Keys.tasks(cluster), Task.class).stream()
        .filter(t -> instanceArn.equals(t.containerInstanceArn()) && !"STOPPED".equals(t.lastStatus()))
        .count();
  }

  DescribeContainerInstancesResponse describe(DescribeContainerInstancesRequest request, CallContext context) {
    String cluster = Clusters.require(store, request.cluster()).value().clusterName();
    List<String> refs = request.containerInstances();
    if (refs == null || refs.isEmpty()) {
      throw EcsException.invalidParameter("containerInstances is required: give 1 to " + MAX_DESCRIBE
          + " container instance ids or ARNs.");
    }
    if (refs.size() > MAX_DESCRIBE) {
      throw EcsException.invalidParameter("containerInstances has " + refs.size() + " entries; "
          + "DescribeContainerInstances takes at most " + MAX_DESCRIBE + ".");
    }
    Set<ContainerInstanceField> include = Members.enumSet(ContainerInstanceField.class, request.include());
    Map<String, ContainerInstance> found = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : refs) {
      Optional<ContainerInstance> instance = ContainerInstances.find(store, cluster, ref).map(Records.Versioned::value);
      if (instance.isPresent()) {
        found.putIfAbsent(instance.get().containerInstanceArn(), view(instance.get(), include));
      } else {
        failures.add(Failures.missing(ContainerInstances.failureArn(arns, cluster, ref)));
      }
    }
    return DescribeContainerInstancesResponse.builder()
        .containerInstances(new ArrayList<>(found.values()))
        .failures(failures)
        .build();
  }

  /** Tags and health only when asked for; health is INSUFFICIENT_DATA until something reports it. */
  private static ContainerInstance view(ContainerInstance instance, Set<ContainerInstanceField> include) {
    ContainerInstanceHealthStatus health = null;
    if (include.contains(ContainerInstanceField.CONTAINER_INSTANCE_HEALTH)) {
      health = instance.healthStatus() != null ? instance.healthStatus() : ContainerInstanceHealthStatus.builder()
          .overallStatus(InstanceHealthCheckState.INSUFFICIENT_DATA).details(List.of()).build();
    }
    return instance.toBuilder()
        .tags(include.contains(ContainerInstanceField.TAGS) ? Members.orEmpty(instance.tags()) : null)
        .healthStatus(health)
        .build();
  }

  ListContainerInstancesResponse list(ListContainerInstancesRequest request, CallContext context) {
    Optional<ClusterQuery> filter = request.filter() == null || request.filter().isEmpty()
        ? Optional.empty()
        : Optional.of(PlacementRules.query("filter", request.filter()));
    int max = Pagination.maxResults(request.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    String cluster = Clusters.require(store, request.cluster()).value().clusterName();
    // task:group needs the groups of every instance's tasks: read once, only when the filter may ask
    Map<String, Map<String, Integer>> groups = filter.isPresent()
        ? InstanceViews.groupsByInstance(store, cluster) : Map.of();
    ContainerInstanceStatus status = request.status();
    Pagination.Page<String> page = Pagination.page(store, Keys.instances(cluster), request.nextToken(), max, false,
        kv -> {
          ContainerInstance instance = Records.decode(kv, ContainerInstance.class);
          boolean wanted = status == null
              ? !ContainerInstances.isDeregistered(instance)
              : status.toString().equals(instance.status());
          wanted = wanted && filter.map(q -> q.matches(QueryPredicates.target(InstanceViews.of(instance,
              groups.getOrDefault(instance.containerInstanceArn(), Map.of()))))).orElse(true);
          return wanted ? Optional.of(instance.containerInstanceArn()) : Optional.empty();
        });
    return ListContainerInstancesResponse.builder()
        .containerInstanceArns(page.items())
        .nextToken(page.nextTokenOrNull())
        .build();
  }

  UpdateContainerInstancesStateResponse updateState(UpdateContainerInstancesStateRequest request,
      CallContext context) {
    ContainerInstanceStatus status = request.status();
    if (status != ContainerInstanceStatus.ACTIVE && status != ContainerInstanceStatus.DRAINING) {
      throw EcsException.invalidParameter("status '" + status + "' is not valid here: use ACTIVE or DRAINING.");
    }
    List<String> refs = request.containerInstances();
    if (refs == null || refs.isEmpty() || refs.size() > MAX_UPDATE_STATE) {
      throw EcsException.invalidParameter("containerInstances must list 1 to " + MAX_UPDATE_STATE
          + " container instance ids or ARNs; got " + (refs == null ? 0 : refs.size()) + ".");
    }
    return ConflictRetry.run(store, "update container instance states", () -> {
      String cluster = Clusters.requireActive(store, request.cluster()).value().clusterName();
      Map<String, ContainerInstance> results = new LinkedHashMap<>();
      List<Failure> failures = new ArrayList<>();
      Records.Replacements changes = new Records.Replacements();
      for (String ref : refs) {
        Optional<Records.Versioned<ContainerInstance>> found = ContainerInstances.find(store, cluster, ref);
        if (found.isEmpty() || ContainerInstances.isDeregistered(found.get().value())) {
          failures.add(Failures.of(ContainerInstances.failureArn(arns, cluster, ref), Failures.MISSING,
              found.isEmpty() ? "not found in cluster " + cluster : "deregistered (INACTIVE)"));
          continue;
        }
        ContainerInstance current = found.get().value();
        if (results.containsKey(current.containerInstanceArn())) {
          continue;
        }
        ContainerInstance next = current;
        if (!status.toString().equals(current.status())) {
          next = current.toBuilder().status(status.toString()).version(current.version() + 1).build();
          changes.add(found.get().kv(), next);
        }
        results.put(current.containerInstanceArn(), next);
      }
      UpdateContainerInstancesStateResponse response = UpdateContainerInstancesStateResponse.builder()
          .containerInstances(new ArrayList<>(results.values()))
          .failures(failures)
          .build();
      return new ConflictRetry.Plan<>(changes.txn(), response);
    });
  }

  private static <T> List<T> concat(List<T> list, T more) {
    List<T> out = new ArrayList<>(list);
    out.add(more);
    return out;
  }
}
