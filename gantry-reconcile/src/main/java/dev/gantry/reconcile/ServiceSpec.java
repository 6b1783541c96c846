package dev.gantry.reconcile;

import dev.gantry.model.SchedulingStrategy;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server stores for a service, as the reconciler needs it. {@code deployments}: the
 * PRIMARY one first, then the ACTIVE ones; add the latest INACTIVE deployment whose rollout
 * COMPLETED, if any, so that a circuit-breaker rollback can bring it back. {@code
 * placementStrategy} empty means the service default (spread across zones, then instances).
 * {@code schedulerState} is what the last {@link Plan} returned ({@link SchedulerState#INITIAL}
 * for a new service).
 */
public record ServiceSpec(
    String serviceArn,
    String serviceName,
    SchedulingStrategy schedulingStrategy,
    ServiceStatus status,
    int desiredCount,
    List<DeploymentSpec> deployments,
    DeploymentConfig deploymentConfiguration,
    List<Constraint> placementConstraints,
    List<Strategy> placementStrategy,
    Duration healthCheckGracePeriod,
    SchedulerState schedulerState) {

  public ServiceSpec {
    Objects.requireNonNull(serviceArn, "serviceArn");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(schedulingStrategy, "schedulingStrategy");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(deploymentConfiguration, "deploymentConfiguration");
    Objects.requireNonNull(healthCheckGracePeriod, "healthCheckGracePeriod");
    Objects.requireNonNull(schedulerState, "schedulerState");
    deployments = List.copyOf(deployments);
    placementConstraints = List.copyOf(placementConstraints);
    placementStrategy = List.copyOf(placementStrategy);
    if (deployments.isEmpty() || !deployments.get(0).isPrimary()
        || deployments.stream().filter(DeploymentSpec::isPrimary).count() != 1) {
      throw new IllegalArgumentException("service " + serviceName + " needs exactly one PRIMARY deployment, "
          + "listed first; got " + deployments.stream().map(d -> d.id() + ":" + d.status()).toList());
    }
    if (desiredCount < 0) {
      throw new IllegalArgumentException("desiredCount must be >= 0, got " + desiredCount);
    }
  }

  public DeploymentSpec primary() {
    return deployments.get(0);
  }

  /** The task group of the service's tasks. */
  public String group() {
    return "service:" + serviceName;
  }

  Optional<DeploymentSpec> deployment(String id) {
    return deployments.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** The strategies placement and scale-in use: the service's, or ECS's service default. */
  List<Strategy> strategies() {
    return placementStrategy.isEmpty() ? Strategy.serviceDefault() : placementStrategy;
  }

  ServiceSpec withDeployments(List<DeploymentSpec> d) {
    return new ServiceSpec(serviceArn, serviceName, schedulingStrategy, status, desiredCount, d,
        deploymentConfiguration, placementConstraints, placementStrategy, healthCheckGracePeriod, schedulerState);
  }
}
