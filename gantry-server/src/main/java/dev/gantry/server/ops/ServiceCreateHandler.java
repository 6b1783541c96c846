package dev.gantry.server.ops;

import dev.gantry.model.AvailabilityZoneRebalancing;
import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.CreateServiceRequest;
import dev.gantry.model.CreateServiceResponse;
import dev.gantry.model.Deployment;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.LaunchType;
import dev.gantry.model.NetworkConfiguration;
import dev.gantry.model.PropagateTags;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.Tag;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementResult;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * CreateService: the request checked (see {@link ServiceRules}), its task definition resolved to
 * an ACTIVE revision ARN, and the service written in one transaction with its PRIMARY deployment
 * (rolloutState IN_PROGRESS, nothing started), the ServiceDeployment that rolls it out, and a
 * first event. Starting tasks is the service scheduler's work.
 *
 * <p>Names are unique per cluster among ACTIVE and DRAINING services; an INACTIVE (deleted)
 * service's name is taken over by the new service. A call repeated with the same
 * {@code clientToken} and the same members returns the service it created; any other call for a
 * taken name is InvalidParameterException "Creation of service was not idempotent.", ECS's
 * words. A DAEMON service's desiredCount is the number of ACTIVE instances that meet its
 * requirements and constraints (resources aside, as ECS reserves them) when it is created.
 */
final class ServiceCreateHandler {
  static final String NOT_IDEMPOTENT = "Creation of service was not idempotent.";

  private final StateStore store;
  private final ArnFormat arns;
  private final RandomGenerator random;

  ServiceCreateHandler(StateStore store, ArnFormat arns, RandomGenerator random) {
    this.store = store;
    this.arns = arns;
    this.random = random;
  }

  /** A CreateService request that passed every check that needs no store. */
  private record Checked(String name, String token, SchedulingStrategy scheduling, int desiredCount,
      LaunchType launchType, DeploymentConfiguration configuration, int gracePeriod, List<Tag> tags) {}

  CreateServiceResponse create(CreateServiceRequest r, CallContext context) {
    Checked c = check(r);
    Cluster cluster = Clusters.requireActive(store, r.cluster(), EcsException::clusterNotFound).value();
    StoredTaskDefinition definition = TaskDefinitionLookup.requireActive(store, r.taskDefinition());
    TaskDefinition td = definition.taskDefinition();
    List<Constraint> constraints = PlacementRules.constraints(td.placementConstraints(), r.placementConstraints());
    NetworkConfiguration network = ServiceRules.networkConfiguration(r.networkConfiguration(), td);
    String digest = digest(r);
    Service service = ConflictRetry.run(store, "create service " + c.name() + " in cluster " + cluster.clusterName(),
        () -> {
          String key = Keys.service(cluster.clusterName(), c.name());
          Optional<Records.Versioned<StoredService>> existing = Services.find(store, cluster.clusterName(), c.name());
          if (existing.isPresent() && !Services.INACTIVE.equals(existing.get().value().status())) {
            return ConflictRetry.Plan.noWrite(idempotentRepeat(existing.get().value(), c.token(), digest));
          }
          int desired = c.scheduling() == SchedulingStrategy.DAEMON
              ? daemonInstances(cluster.clusterName(), td, constraints) : c.desiredCount();
          StoredService fresh = fresh(r, c, cluster, td, network, desired, digest, context);
          return ConflictRetry.Plan.write(Records.createOrReplace(key, existing.map(Records.Versioned::kv), fresh),
              fresh.service());
        });
    return CreateServiceResponse.builder()
        .service(ServiceView.render(arns, service, ServiceTaskCounts.read(store, cluster.clusterName()), true))
        .build();
  }

  private static Checked check(CreateServiceRequest r) {
    String name = ServiceRules.serviceName(r.serviceName());
    String token = ServiceRules.clientToken(r.clientToken());
    SchedulingStrategy scheduling = ServiceRules.schedulingStrategy(r.schedulingStrategy());
    int desired = ServiceRules.desiredCount(scheduling, r.desiredCount());
    LaunchType launchType = ServiceRules.launchType(r.launchType(), r.capacityProviderStrategy());
    ServiceRules.deploymentController(r.deploymentController());
    ServiceRules.noPlatformVersion(r.platformVersion());
    ServiceRules.notSupported("loadBalancers", r.loadBalancers(), "load balancers");
    ServiceRules.noRole(r.role());
    ServiceRules.notSupported("serviceRegistries", r.serviceRegistries(), "service discovery (Cloud Map)");
    ServiceRules.notSupported("serviceConnectConfiguration", r.serviceConnectConfiguration(), "Service Connect");
    ServiceRules.notSupported("volumeConfigurations", r.volumeConfigurations(), "managed EBS volumes");
    ServiceRules.notSupported("vpcLatticeConfigurations", r.vpcLatticeConfigurations(), "VPC Lattice");
    DeploymentConfiguration configuration = ServiceRules.deploymentConfiguration(scheduling,
        r.deploymentConfiguration(), ServiceRules.defaults(scheduling));
    ServiceRules.placementStrategyAllowed(scheduling, r.placementStrategy());
    PlacementRules.strategies(r.placementStrategy());
    int grace = ServiceRules.healthCheckGracePeriod(r.healthCheckGracePeriodSeconds());
    List<Tag> tags = TagRules.check(r.tags());
    return new Checked(name, token, scheduling, desired, launchType, configuration, grace, tags);
  }

  /** The existing service when this is a retry of the call that created it; otherwise ECS's duplicate error. */
  private static Service idempotentRepeat(StoredService existing, String token, String digest) {
    boolean repeat = Services.ACTIVE.equals(existing.status()) && !token.isEmpty()
        && token.equals(existing.clientToken()) && digest.equals(existing.requestDigest());
    if (repeat) {
      return existing.service();
    }
    Service s = existing.service();
    throw EcsException.invalidParameter(NOT_IDEMPOTENT + " Service '" + s.serviceName() + "' already exists in "
        + "cluster '" + ServiceView.clusterName(s) + "' (" + existing.status() + ")"
        + (Services.DRAINING.equals(existing.status()) ? ": it is being deleted; its name can be used again once "
            + "it is INACTIVE." : ": change it with UpdateService, or choose another serviceName."));
  }

  private StoredService fresh(CreateServiceRequest r, Checked c, Cluster cluster, TaskDefinition td,
      NetworkConfiguration network, int desired, String digest, CallContext context) {
    String clusterName = cluster.clusterName();
    Deployment primary = ServiceDeployments.primary(ServiceDeployments.newDeploymentId(random),
        td.taskDefinitionArn(), desired, c.launchType(), network, context.now());
    ServiceDeployment rollout = ServiceDeployments.started(arns, clusterName, c.name(),
        ServiceDeployments.newServiceDeploymentId(random), primary, List.of(primary), c.configuration(),
        context.now());
    String event = ServiceEvents.deploymentStarted(c.name(), primary.id(),
        ServiceDeployments.familyRevision(td.taskDefinitionArn()));
    boolean rebalance = c.scheduling() == SchedulingStrategy.REPLICA && c.configuration().maximumPercent() > 100;
    Service service = Service.builder()
        .serviceArn(arns.service(clusterName, c.name()))
        .serviceName(c.name())
        .clusterArn(cluster.clusterArn())
        .loadBalancers(List.of())
        .serviceRegistries(List.of())
        .status(Services.ACTIVE)
        .desiredCount(desired)
        .runningCount(0)
        .pendingCount(0)
        .launchType(c.launchType())
        .taskDefinition(td.taskDefinitionArn())
        .deploymentConfiguration(c.configuration())
        .deployments(List.of(primary))
        .events(ServiceEvents.add(List.of(), List.of(event), context.now(), random))
        .createdAt(context.now())
        .currentServiceDeployment(rollout.serviceDeploymentArn())
        .placementConstraints(Members.orEmpty(r.placementConstraints()))
        .placementStrategy(Members.orEmpty(r.placementStrategy()))
        .networkConfiguration(network)
        .healthCheckGracePeriodSeconds(c.gracePeriod())
        .schedulingStrategy(c.scheduling())
        .deploymentController(ServiceRules.deploymentController(r.deploymentController()))
        .tags(c.tags())
        .createdBy(arns.rootPrincipal())
        .enableECSManagedTags(Boolean.TRUE.equals(r.enableECSManagedTags()))
        .propagateTags(r.propagateTags() == null ? PropagateTags.NONE : r.propagateTags())
        .enableExecuteCommand(Boolean.TRUE.equals(r.enableExecuteCommand()))
        .availabilityZoneRebalancing(r.availabilityZoneRebalancing() != null ? r.availabilityZoneRebalancing()
            : rebalance ? AvailabilityZoneRebalancing.ENABLED : AvailabilityZoneRebalancing.DISABLED)
        .build();
    return new StoredService(service, c.token(), digest, List.of(rollout), null);
  }

  /**
   * How many ACTIVE instances a daemon task of {@code td} may run on: each judged alone by the
   * placement engine's filters (status, agent, OS family, required attributes, constraints) for
   * a task that asks for no resources, since ECS counts an instance before it has room.
   */
  private int daemonInstances(String clusterName, TaskDefinition td, List<Constraint> constraints) {
    Optional<String> os = Optional.ofNullable(td.runtimePlatform())
        .map(p -> p.operatingSystemFamily())
        .map(Object::toString);
    PlacementRequest request = new PlacementRequest("daemon", 1, dev.gantry.placement.TaskDemand.of(0, 0), os,
        Members.orEmpty(td.requiresAttributes()), constraints, List.of());
    int count = 0;
    for (Records.Versioned<ContainerInstance> v : ContainerInstances.all(store, clusterName)) {
      if (!ContainerInstances.ACTIVE.equals(v.value().status())) {
        continue;
      }
      ClusterSnapshot one = new ClusterSnapshot(List.of(InstanceViews.of(v.value(), Map.of())));
      if (PlacementEngine.place(request, one, random) instanceof PlacementResult.Placed) {
        count++;
      }
    }
    return count;
  }

  /** What identifies a CreateService call for idempotency: the SHA-256 of its JSON. */
  static String digest(CreateServiceRequest r) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JsonCodec.encode(r)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
