package dev.gantry.server.ops;

import dev.gantry.model.Deployment;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DeleteServiceRequest;
import dev.gantry.model.DeleteServiceResponse;
import dev.gantry.model.NetworkConfiguration;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.UpdateServiceRequest;
import dev.gantry.model.UpdateServiceResponse;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.TaskDefinitionRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * UpdateService and DeleteService, each one read-modify-write of the service record guarded by
 * its mod-revision (so a user's change and the scheduler's plan never overwrite each other).
 *
 * <p>UpdateService changes what it is given and keeps the rest. A different task definition,
 * a different networkConfiguration or {@code forceNewDeployment} starts a new PRIMARY
 * deployment (the former PRIMARY becomes ACTIVE, to be drained by the scheduler) and a new
 * ServiceDeployment; desiredCount and the other members change the service in place (the
 * PRIMARY deployment's desiredCount follows the service's). A deleted service is
 * ServiceNotActiveException.
 *
 * <p>DeleteService needs {@code force} for a REPLICA service still scaled above 0, as in ECS.
 * The service goes to desiredCount 0 and DRAINING while tasks of it have not yet reached
 * STOPPING (the scheduler stops them and then marks it INACTIVE), or straight to INACTIVE when
 * none are left. A DRAINING or INACTIVE service cannot be deleted again.
 */
final class ServiceUpdateHandler {
  private final StateStore store;
  private final ArnFormat arns;
  private final RandomGenerator random;

  ServiceUpdateHandler(StateStore store, ArnFormat arns, RandomGenerator random) {
    this.store = store;
    this.arns = arns;
    this.random = random;
  }

  UpdateServiceResponse update(UpdateServiceRequest r, CallContext context) {
    check(r);
    String cluster = Clusters.requireActive(store, r.cluster(), EcsException::clusterNotFound).value().clusterName();
    Optional<StoredTaskDefinition> newDefinition = Optional.ofNullable(r.taskDefinition())
        .map(ref -> TaskDefinitionLookup.requireActive(store, ref));
    Service updated = ConflictRetry.run(store, "update service " + r.service() + " in cluster " + cluster, () -> {
      Records.Versioned<StoredService> current = Services.requireActive(store, cluster, "service", r.service());
      StoredService next = apply(r, current.value(), newDefinition.map(StoredTaskDefinition::taskDefinition),
          context);
      if (next.equals(current.value())) {
        return ConflictRetry.Plan.noWrite(next.service());
      }
      return ConflictRetry.Plan.write(Records.replace(current.kv(), next), next.service());
    });
    return UpdateServiceResponse.builder()
        .service(ServiceView.render(arns, updated, ServiceTaskCounts.read(store, cluster), true))
        .build();
  }

  /** The members that need no store: what Gantry does not support, and plain ranges. */
  private static void check(UpdateServiceRequest r) {
    ServiceRules.launchType(null, r.capacityProviderStrategy());
    if (r.deploymentController() != null) {
      ServiceRules.deploymentController(r.deploymentController());
    }
    ServiceRules.noPlatformVersion(r.platformVersion());
    ServiceRules.notSupported("loadBalancers", r.loadBalancers(), "load balancers");
    ServiceRules.notSupported("serviceRegistries", r.serviceRegistries(), "service discovery (Cloud Map)");
    ServiceRules.notSupported("serviceConnectConfiguration", r.serviceConnectConfiguration(), "Service Connect");
    ServiceRules.notSupported("volumeConfigurations", r.volumeConfigurations(), "managed EBS volumes");
    ServiceRules.notSupported("vpcLatticeConfigurations", r.vpcLatticeConfigurations(), "VPC Lattice");
    if (r.desiredCount() != null) {
      ServiceRules.checkedDesiredCount(r.desiredCount());
    }
    PlacementRules.strategies(r.placementStrategy());
    ServiceRules.healthCheckGracePeriod(r.healthCheckGracePeriodSeconds());
  }

  /** The stored service after {@code r}: the same record when nothing changes. */
  private StoredService apply(UpdateServiceRequest r, StoredService stored, Optional<TaskDefinition> newDefinition,
      CallContext context) {
    Service s = stored.service();
    SchedulingStrategy scheduling = ServiceRules.schedulingStrategy(s.schedulingStrategy());
    if (r.desiredCount() != null && scheduling == SchedulingStrategy.DAEMON) {
      throw ServiceRules.daemonDesiredCount(r.desiredCount());
    }
    DeploymentConfiguration configuration = ServiceRules.deploymentConfiguration(scheduling,
        r.deploymentConfiguration(), s.deploymentConfiguration() != null ? s.deploymentConfiguration()
            : ServiceRules.defaults(scheduling));
    ServiceRules.placementStrategyAllowed(scheduling, r.placementStrategy());
    Optional<TaskDefinition> definition = newDefinition.or(() -> currentDefinition(s));
    PlacementRules.constraints(definition.map(TaskDefinition::placementConstraints).orElse(List.of()),
        r.placementConstraints() != null ? r.placementConstraints() : s.placementConstraints());
    NetworkConfiguration network = s.networkConfiguration();
    if (r.networkConfiguration() != null) {
      network = definition.isPresent()
          ? ServiceRules.networkConfiguration(r.networkConfiguration(), definition.get()) : r.networkConfiguration();
    }
    String definitionArn = newDefinition.map(TaskDefinition::taskDefinitionArn).orElse(s.taskDefinition());
    int desired = r.desiredCount() != null ? r.desiredCount() : orZero(s.desiredCount());
    Service.Builder b = s.toBuilder()
        .desiredCount(desired)
        .deploymentConfiguration(configuration)
        .networkConfiguration(network)
        .taskDefinition(definitionArn);
    copyGivenMembers(r, b);
    boolean redeploy = Boolean.TRUE.equals(r.forceNewDeployment())
        || !definitionArn.equals(s.taskDefinition())
        || !Objects.equals(network, s.networkConfiguration());
    return redeploy ? redeploy(stored, b.build(), context) : resized(stored, b.build(), context);
  }

  /** The members that change only the service record, each when given. */
  private static void copyGivenMembers(UpdateServiceRequest r, Service.Builder b) {
    if (r.placementConstraints() != null) {
      b.placementConstraints(r.placementConstraints());
    }
    if (r.placementStrategy() != null) {
      b.placementStrategy(r.placementStrategy());
    }
    if (r.healthCheckGracePeriodSeconds() != null) {
      b.healthCheckGracePeriodSeconds(r.healthCheckGracePeriodSeconds());
    }
    if (r.enableExecuteCommand() != null) {
      b.enableExecuteCommand(r.enableExecuteCommand());
    }
    if (r.enableECSManagedTags() != null) {
      b.enableECSManagedTags(r.enableECSManagedTags());
    }
    if (r.propagateTags() != null) {
      b.propagateTags(r.propagateTags());
    }
    if (r.availabilityZoneRebalancing() != null) {
      b.availabilityZoneRebalancing(r.availabilityZoneRebalancing());
    }
  }

  /**
   * The service's current task definition in whatever status it is now (an INACTIVE revision
   * still runs); empty once DeleteTaskDefinitions has removed it.
   */
  private Optional<TaskDefinition> currentDefinition(Service s) {
    return TaskDefinitionRef.parse(s.taskDefinition())
        .flatMap(ref -> TaskDefinitionLookup.find(store, ref))
        .map(v -> v.value().taskDefinition());
  }

  /** A new PRIMARY deployment of {@code next}'s task definition, and the ServiceDeployment rolling it out. */
  private StoredService redeploy(StoredService stored, Service next, CallContext context) {
    String cluster = ServiceView.clusterName(next);
    String name = next.serviceName();
    Deployment primary = ServiceDeployments.primary(ServiceDeployments.newDeploymentId(random),
        next.taskDefinition(), orZero(next.desiredCount()), next.launchType(), next.networkConfiguration(),
        context.now());
    List<Deployment> deployments = ServiceDeployments.replacePrimary(next.deployments(), primary, context.now());
    ServiceDeployment rollout = ServiceDeployments.started(arns, cluster, name,
        ServiceDeployments.newServiceDeploymentId(random), primary, deployments, next.deploymentConfiguration(),
        context.now());
    String event = ServiceEvents.deploymentStarted(name, primary.id(),
        ServiceDeployments.familyRevision(next.taskDefinition()));
    Service service = next.toBuilder()
        .deployments(deployments)
        .currentServiceDeployment(rollout.serviceDeploymentArn())
        .events(ServiceEvents.add(next.events(), List.of(event), context.now(), random))
        .build();
    return stored.with(service, ServiceDeployments.push(stored.serviceDeployments(), rollout, context.now()));
  }

  /** {@code next} without a new deployment: the PRIMARY deployment takes over its desiredCount. */
  private static StoredService resized(StoredService stored, Service next, CallContext context) {
    Service before = stored.service();
    if (Objects.equals(next.desiredCount(), before.desiredCount())) {
      return stored.with(next);
    }
    List<Deployment> deployments = new ArrayList<>();
    for (Deployment d : Members.orEmpty(next.deployments())) {
      deployments.add(ServiceDeployments.PRIMARY.equals(d.status())
          ? d.toBuilder().desiredCount(next.desiredCount()).updatedAt(context.now()).build() : d);
    }
    return stored.with(next.toBuilder().deployments(deployments).build(),
        ServiceDeployments.retarget(stored.serviceDeployments(), next.desiredCount(), context.now()));
  }

  DeleteServiceResponse delete(DeleteServiceRequest r, CallContext context) {
    String cluster = Clusters.requireActive(store, r.cluster(), EcsException::clusterNotFound).value().clusterName();
    Service deleted = ConflictRetry.run(store, "delete service " + r.service() + " in cluster " + cluster, () -> {
      Records.Versioned<StoredService> current = Services.require(store, cluster, "service", r.service());
      Service s = current.value().service();
      if (!Services.ACTIVE.equals(s.status())) {
        throw new EcsException(ErrorType.ServiceNotFoundException, "Service was not ACTIVE: "
            + "service '" + s.serviceName() + "' in cluster '" + cluster + "' is already " + s.status() + ".");
      }
      boolean replica = ServiceRules.schedulingStrategy(s.schedulingStrategy()) == SchedulingStrategy.REPLICA;
      if (replica && orZero(s.desiredCount()) > 0 && !Boolean.TRUE.equals(r.force())) {
        throw EcsException.invalidParameter("The service cannot be stopped while it is scaled above 0. Service '"
            + s.serviceName() + "' has desiredCount " + s.desiredCount() + ": scale it to 0 with UpdateService "
            + "first, or delete it with force.");
      }
      int remaining = ServiceTaskCounts.read(store, cluster).service(s.serviceName()).remaining();
      StoredService next = deleted(current.value(), remaining > 0 ? Services.DRAINING : Services.INACTIVE,
          context);
      return ConflictRetry.Plan.write(Records.replace(current.kv(), next), next.service());
    });
    return DeleteServiceResponse.builder()
        .service(ServiceView.render(arns, deleted, ServiceTaskCounts.read(store, cluster), true))
        .build();
  }

  private static StoredService deleted(StoredService stored, String status, CallContext context) {
    Service s = stored.service();
    List<Deployment> deployments = new ArrayList<>();
    for (Deployment d : Members.orEmpty(s.deployments())) {
      deployments.add(d.toBuilder().desiredCount(0).updatedAt(context.now()).build());
    }
    Service next = s.toBuilder().status(status).desiredCount(0).deployments(deployments).build();
    return stored.with(next, ServiceDeployments.stopUnfinished(stored.serviceDeployments(),
        "Stopped because the service was deleted.", context.now()));
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
