package dev.gantry.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.Deployment;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceDeploymentStatus;
import dev.gantry.model.ServiceEvent;
import dev.gantry.model.TaskDefinition;
import dev.gantry.reconcile.DeploymentConfig;
import dev.gantry.reconcile.DeploymentSpec;
import dev.gantry.reconcile.DeploymentStatus;
import dev.gantry.reconcile.Plan;
import dev.gantry.reconcile.SchedulerState;
import dev.gantry.reconcile.ServiceSpec;
import dev.gantry.reconcile.ServiceStatus;
import dev.gantry.reconcile.StopTimeout;
import dev.gantry.reconcile.TaskPlacement;
import dev.gantry.store.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The stored service as the pure reconciler sees it ({@link ServiceSpec}), and the stored
 * service after a {@link Plan}. Pure: task definitions come in through a lookup.
 *
 * <p>The wire {@link Deployment}s in {@code Service.deployments} carry what DescribeServices
 * shows; what a deployment places (resources, OS family, required attributes, the task
 * definition's constraints, health checks, stopTimeout) is derived from its task definition on
 * every pass, never stored. The reconciler's own state goes into {@code StoredService.schedulerState}
 * as {@code {"state": SchedulerState, "rollbackTarget": Deployment}}: the rollback target is the
 * latest INACTIVE deployment whose rollout completed, which DescribeServices no longer shows but
 * a circuit-breaker rollback returns to.
 */
final class ServiceSpecs {
  private static final String STATE = "state";
  private static final String ROLLBACK_TARGET = "rollbackTarget";

  private ServiceSpecs() {}

  /** A service's spec; empty (with the reason) when a deployment's task definition cannot be read. */
  sealed interface Read {}

  record Spec(ServiceSpec spec) implements Read {}

  record Unreadable(String reason) implements Read {}

  static Read spec(StoredService stored, Function<String, Optional<TaskDefinition>> definitions) {
    Service s = stored.service();
    SchedulingStrategy strategy = s.schedulingStrategy() == null ? SchedulingStrategy.REPLICA : s.schedulingStrategy();
    List<DeploymentSpec> deployments = new ArrayList<>();
    List<Deployment> wire = new ArrayList<>(Members.orEmpty(s.deployments()));
    rollbackTarget(stored).ifPresent(wire::add);
    for (Deployment d : wire) {
      Optional<TaskDefinition> td = definitions.apply(d.taskDefinition());
      if (td.isEmpty()) {
        if (ServiceDeployments.PRIMARY.equals(d.status())) {
          return new Unreadable("task definition " + d.taskDefinition() + " of deployment " + d.id()
              + " is not stored");
        }
        continue; // a deployment whose revision is gone can neither start tasks nor be rolled back to
      }
      deployments.add(deployment(d, td.get()));
    }
    try {
      return new Spec(new ServiceSpec(s.serviceArn(), s.serviceName(), strategy, status(s.status()),
          s.desiredCount() == null ? 0 : s.desiredCount(), deployments,
          DeploymentConfig.of(s.deploymentConfiguration(), strategy),
          PlacementRules.constraints(List.of(), s.placementConstraints()),
          PlacementRules.strategies(s.placementStrategy()),
          Duration.ofSeconds(s.healthCheckGracePeriodSeconds() == null ? 0 : s.healthCheckGracePeriodSeconds()),
          schedulerState(stored)));
    } catch (RuntimeException e) {
      return new Unreadable("the stored service cannot be scheduled: " + e.getMessage());
    }
  }

  static DeploymentSpec deployment(Deployment d, TaskDefinition td) {
    TaskPlacement placement = new TaskPlacement(TaskDemand.forPlacement(td, TaskOverrides.normalize(null, td)),
        Optional.ofNullable(td.runtimePlatform()).map(p -> p.operatingSystemFamily()).map(Object::toString),
        Members.orEmpty(td.requiresAttributes()), PlacementRules.constraints(td.placementConstraints(), List.of()));
    DeploymentStatus status = d.status() == null ? DeploymentStatus.ACTIVE : DeploymentStatus.valueOf(d.status());
    return new DeploymentSpec(d.id(), d.taskDefinition(), placement, healthChecks(td), stopTimeout(td),
        d.createdAt(), d.updatedAt() == null ? d.createdAt() : d.updatedAt(), status,
        d.rolloutState() == null ? DeploymentRolloutState.IN_PROGRESS : d.rolloutState(),
        d.rolloutStateReason() == null ? "" : d.rolloutStateReason(), orZero(d.desiredCount()),
        orZero(d.runningCount()), orZero(d.pendingCount()), orZero(d.failedTasks()));
  }

  /** Whether an essential container has a health check: then a task counts healthy only once HEALTHY. */
  static boolean healthChecks(TaskDefinition td) {
    return Members.orEmpty(td.containerDefinitions()).stream()
        .anyMatch(c -> !Boolean.FALSE.equals(c.essential()) && c.healthCheck() != null);
  }

  /**
   * How long the agent may take to stop a task: the largest of its containers' own stopTimeout,
   * and whether a container sets none (a negative one counts as none: the agent's default is
   * the longer wait). The agent stops each container with its own timeout, so one without takes
   * the agent's default even beside others with a shorter one; which default is known only on
   * the instance ({@link StopTimeout#on}). Fencing waits this long before it replaces a lost
   * agent's task.
   */
  static StopTimeout stopTimeout(TaskDefinition td) {
    List<ContainerDefinition> containers = Members.orEmpty(td.containerDefinitions());
    boolean agentDefault = containers.isEmpty() || containers.stream()
        .anyMatch(c -> c.stopTimeout() == null || c.stopTimeout() < 0);
    Duration longestOwn = containers.stream().map(ContainerDefinition::stopTimeout)
        .filter(t -> t != null && t >= 0).map(Duration::ofSeconds).max(Duration::compareTo).orElse(Duration.ZERO);
    return new StopTimeout(longestOwn, agentDefault);
  }

  private static ServiceStatus status(String wire) {
    return wire == null ? ServiceStatus.ACTIVE : ServiceStatus.valueOf(wire);
  }

  static SchedulerState schedulerState(StoredService stored) {
    JsonNode state = stored.schedulerState().get(STATE);
    return state == null || state.isNull() ? SchedulerState.INITIAL
        : JsonCodec.mapper().convertValue(state, SchedulerState.class);
  }

  static Optional<Deployment> rollbackTarget(StoredService stored) {
    JsonNode target = stored.schedulerState().get(ROLLBACK_TARGET);
    return target == null || target.isNull() ? Optional.empty()
        : Optional.of(JsonCodec.mapper().convertValue(target, Deployment.class));
  }

  /**
   * {@code stored} after {@code plan} (already {@linkplain dev.gantry.reconcile.ServiceReconciler#placed
   * placed}): its deployments, counts, status, events (newest first, the last 100), the task
   * definition of the PRIMARY deployment (a rollback changes it), the ServiceDeployments whose
   * rollout ended, and the scheduler state.
   */
  static StoredService applied(StoredService stored, Plan plan, Instant now) {
    Service s = stored.service();
    Map<String, Deployment> known = new LinkedHashMap<>();
    Members.orEmpty(s.deployments()).forEach(d -> known.put(d.id(), d));
    rollbackTarget(stored).ifPresent(d -> known.putIfAbsent(d.id(), d));
    List<Deployment> described = plan.describedDeployments().stream().map(d -> wire(known.get(d.id()), d)).toList();
    Optional<Deployment> target = plan.deploymentsToKeep().stream()
        .filter(d -> d.status() == DeploymentStatus.INACTIVE)
        .findFirst().map(d -> wire(known.get(d.id()), d));

    List<ServiceEvent> events = new ArrayList<>(plan.events().reversed());
    for (ServiceEvent e : Members.orEmpty(s.events())) {
      events.add(e);
    }
    Service next = s.toBuilder()
        .status(plan.status().name())
        .desiredCount(plan.desiredCount())
        .runningCount(plan.runningCount())
        .pendingCount(plan.pendingCount())
        .taskDefinition(described.getFirst().taskDefinition())
        .deployments(described)
        .events(List.copyOf(events.subList(0, Math.min(ServiceEvents.MAX_EVENTS, events.size()))))
        .build();
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.set(STATE, JsonCodec.mapper().valueToTree(plan.schedulerState()));
    target.ifPresent(t -> state.set(ROLLBACK_TARGET, JsonCodec.mapper().valueToTree(t)));
    return new StoredService(next, stored.clientToken(), stored.requestDigest(),
        finished(stored.serviceDeployments(), plan.deployments(), plan.deployments().getFirst().id(), now), state);
  }

  /** The wire deployment {@code base} (null for one the service no longer lists) with the plan's view of it. */
  private static Deployment wire(Deployment base, DeploymentSpec d) {
    Deployment.Builder b = base == null ? Deployment.builder().id(d.id()).createdAt(d.createdAt()) : base.toBuilder();
    return b.status(d.status().name())
        .taskDefinition(d.taskDefinition())
        .desiredCount(d.desiredCount())
        .runningCount(d.runningCount())
        .pendingCount(d.pendingCount())
        .failedTasks(d.failedTasks())
        .updatedAt(d.updatedAt())
        .rolloutState(d.rolloutState())
        .rolloutStateReason(d.rolloutStateReason())
        .build();
  }

  /**
   * The ServiceDeployment history with the rollouts that ended marked: SUCCESSFUL when its target
   * deployment COMPLETED, STOPPED when it failed and stays primary (the model has no FAILED), ROLLBACK_SUCCESSFUL when the
   * circuit breaker rolled back to another deployment. Its circuit-breaker failure count follows
   * the target deployment's failed tasks.
   */
  static List<ServiceDeployment> finished(List<ServiceDeployment> history, List<DeploymentSpec> deployments,
      String primaryId, Instant now) {
    List<ServiceDeployment> out = new ArrayList<>(history.size());
    for (ServiceDeployment sd : history) {
      Optional<DeploymentSpec> target = Optional.ofNullable(sd.targetServiceRevision())
          .flatMap(r -> ServiceDeployments.deploymentIdOfRevision(r.arn()))
          .flatMap(id -> deployments.stream().filter(d -> d.id().equals(id)).findFirst());
      if (target.isEmpty() || !ServiceDeployments.UNFINISHED.contains(sd.status())) {
        out.add(sd);
        continue;
      }
      DeploymentSpec d = target.get();
      ServiceDeployment.Builder b = sd.toBuilder();
      if (sd.deploymentCircuitBreaker() != null
          && !Integer.valueOf(d.failedTasks()).equals(sd.deploymentCircuitBreaker().failureCount())) {
        b.deploymentCircuitBreaker(sd.deploymentCircuitBreaker().toBuilder().failureCount(d.failedTasks()).build())
            .updatedAt(now);
      }
      Optional<ServiceDeploymentStatus> end = switch (d.rolloutState()) {
        case COMPLETED -> Optional.of(ServiceDeploymentStatus.SUCCESSFUL);
        case FAILED -> Optional.of(d.id().equals(primaryId) ? ServiceDeploymentStatus.STOPPED
            : ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);
        default -> Optional.empty();
      };
      end.ifPresent(status -> b.status(status).statusReason(d.rolloutStateReason()).finishedAt(now).updatedAt(now));
      out.add(b.build());
    }
    return List.copyOf(out);
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
