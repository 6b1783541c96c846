package dev.gantry.reconcile;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.InstanceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DAEMON scheduler: exactly one task of the primary deployment on every eligible instance,
 * that is every ACTIVE instance meeting the placement constraints (the filters only: OS family,
 * required attributes, memberOf; resources decide only whether the start can be placed), instances
 * that join later included. Tasks on instances that stop being eligible (DRAINING, deregistered,
 * attributes changed) are stopped.
 *
 * <p>Per eligible instance: with a task of the primary, other tasks there are stopped (healthy
 * ones within the minimumHealthyPercent budget, counted over all eligible instances). Without
 * one: a start pinned to the instance, once nothing else of the service runs there when
 * maximumPercent is at most 100 (the default), or beside the old task when it is higher, the old
 * one then stopping once the new one is healthy. Agents are never "lost" for a daemon: its task
 * cannot go elsewhere.
 */
final class DaemonReconciler {
  static final String OS_FAMILY = "ecs.os-family";

  private DaemonReconciler() {}

  /** The instances that should run the daemon, in snapshot order. */
  static List<InstanceView> eligible(ServiceSpec spec, ClusterSnapshot snapshot) {
    if (spec.status() != ServiceStatus.ACTIVE) {
      return List.of();
    }
    TaskPlacement placement = spec.primary().placement();
    List<Constraint> constraints = new ArrayList<>(spec.placementConstraints());
    constraints.addAll(placement.constraints());
    return snapshot.instances().stream().filter(i -> i.status() == ContainerInstanceStatus.ACTIVE
        && placement.osFamily().map(f -> f.equals(i.attribute(OS_FAMILY).orElse("LINUX"))).orElse(true)
        && placement.demand().cpuArchitecture().map(i::runsCpuArchitecture).orElse(true)
        && placement.requiresAttributes().stream().allMatch(a -> has(i, a))
        && constraints.stream().allMatch(c -> !(c instanceof Constraint.MemberOf m) || m.predicate().test(i)))
        .toList();
  }

  private static boolean has(InstanceView i, Attribute a) {
    Optional<String> value = i.attribute(a.name());
    return value.isPresent() && (a.value() == null || a.value().equals(value.get()));
  }

  static Decisions plan(ServiceSpec spec, Census census, ClusterSnapshot snapshot, LaunchThrottle throttle,
      Instant now) {
    DeploymentSpec primary = spec.primary();
    DeploymentConfig config = spec.deploymentConfiguration();
    List<InstanceView> eligible = eligible(spec, snapshot);
    Set<String> eligibleArns = eligible.stream().map(InstanceView::containerInstanceArn).collect(Collectors.toSet());
    List<Census.TaskView> wanted = census.wanted();
    long healthy = wanted.stream().filter(Census.TaskView::healthy).count();
    Decisions d = new Decisions(eligible.size(), (int) healthy - config.minimumHealthy(eligible.size()));
    String reason = ServiceEvents.scalingReason(primary.id());
    for (Census.TaskView v : wanted) {
      if (v.failingHealthChecks()) {
        d.stopFailingHealthChecks(v);
      } else if (!eligibleArns.contains(v.instanceArn())) {
        d.stop(v, spec.status() != ServiceStatus.ACTIVE ? reason
            : v.instance().filter(i -> i.status() != ContainerInstanceStatus.ACTIVE).isPresent()
                ? ServiceEvents.DRAINING_REASON : ServiceEvents.CONSTRAINTS_REASON);
      }
    }
    Map<String, List<Census.TaskView>> counted = byInstance(census.counted());
    boolean launches = primary.rolloutState() != DeploymentRolloutState.FAILED && !throttle.blocks(now);
    for (InstanceView instance : eligible) {
      List<Census.TaskView> here = counted.getOrDefault(instance.containerInstanceArn(), List.of());
      List<Census.TaskView> kept = here.stream().filter(v -> v.wanted() && !d.stopping(v)).toList();
      Optional<Census.TaskView> daemon = kept.stream().filter(Census.TaskView::primary).min(KEEP_ORDER);
      if (daemon.isPresent()) {
        for (Census.TaskView other : kept) {
          if (other != daemon.get()) {
            d.stopWithinBudget(other, reason);
          }
        }
        continue;
      }
      d.need++;
      boolean room = config.atMostDesired() ? here.isEmpty() : here.size() < 2;
      if (launches && room) {
        d.starts.add(new TaskStart(primary.id(), primary.taskDefinition(),
            Decisions.request(spec, primary, 1, List.of()), Optional.of(instance.containerInstanceArn())));
      } else if (launches && config.atMostDesired()) {
        kept.forEach(v -> d.stopWithinBudget(v, reason));
      }
    }
    if (d.need > 0 && throttle.blocks(now)) {
      d.wakeAt(throttle.nextLaunchAt());
    }
    return d;
  }

  /** The daemon task to keep when an instance has several: a healthy one, then the oldest. */
  private static final Comparator<Census.TaskView> KEEP_ORDER = Comparator
      .comparing((Census.TaskView v) -> !v.healthy())
      .thenComparing(v -> v.task().createdAt())
      .thenComparing(v -> v.task().taskArn());

  private static Map<String, List<Census.TaskView>> byInstance(List<Census.TaskView> tasks) {
    Map<String, List<Census.TaskView>> out = new LinkedHashMap<>();
    tasks.forEach(v -> out.computeIfAbsent(v.instanceArn(), k -> new ArrayList<>()).add(v));
    return out;
  }
}
