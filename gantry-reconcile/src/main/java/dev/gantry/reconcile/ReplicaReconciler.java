package dev.gantry.reconcile;

import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.placement.ClusterSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The REPLICA scheduler: {@code desiredCount} tasks of the primary deployment on ACTIVE
 * instances, reached by a rolling update bounded by the deployment configuration.
 *
 * <p>Algorithm, every reconcile: (1) tasks on lost agents and tasks failing their health checks
 * after the grace period are stopped whatever the bounds, as neither counts as healthy. (2) The
 * primary deployment lacks {@code desired - (its wanted tasks on ACTIVE instances)} tasks; it
 * starts as many as {@code floor(desired x maximumPercent / 100)} minus the tasks that count
 * (every task not yet STOPPED, stopping ones included, except those presumed gone) allows,
 * unless the service is being deleted, the rollout FAILED or the launch throttle holds. (3)
 * Tasks to retire are stopped in this order: not-healthy tasks of other deployments and on
 * DRAINING instances (free: they are not healthy), healthy tasks of other deployments, healthy
 * tasks on DRAINING instances, then the primary's tasks beyond the desired count; each healthy
 * one only while more than {@code ceil(desired x minimumHealthyPercent / 100)} healthy tasks
 * remain. Within a group the scale-in order of the placement strategies chooses. So with
 * maximumPercent 100 a replacement starts only once the task it replaces is STOPPED (the
 * singleton case), and with minimumHealthyPercent 100 an old task stops only once a new one is
 * healthy.
 */
final class ReplicaReconciler {
  private ReplicaReconciler() {}

  static Decisions plan(ServiceSpec spec, Census census, ClusterSnapshot snapshot, LaunchThrottle throttle,
      Instant now, RandomGenerator random) {
    DeploymentSpec primary = spec.primary();
    DeploymentConfig config = spec.deploymentConfiguration();
    boolean deleting = spec.status() != ServiceStatus.ACTIVE;
    int desired = deleting ? 0 : spec.desiredCount();
    List<Census.TaskView> wanted = census.wanted();
    long healthy = wanted.stream().filter(v -> v.healthy() && !v.failingHealthChecks()).count();
    Decisions d = new Decisions(desired, (int) healthy - config.minimumHealthy(desired));

    // a lost task may already be presumed gone (no longer counted): it is still marked to stop
    census.tasks.stream().filter(v -> v.lost() && !v.task().stopped() && v.task().desiredRunning())
        .forEach(d::stopLost);
    wanted.stream().filter(Census.TaskView::failingHealthChecks).forEach(d::stopFailingHealthChecks);
    List<Census.TaskView> keep = wanted.stream().filter(v -> !d.stopping(v)).toList();
    List<Census.TaskView> primaryKept = keep.stream().filter(v -> v.primary() && v.onActiveInstance()).toList();

    d.need = Math.max(0, desired - primaryKept.size());
    int room = config.maximumTasks(desired) - census.counted().size();
    boolean failed = primary.rolloutState() == DeploymentRolloutState.FAILED;
    boolean throttled = throttle.blocks(now);
    int launch = deleting || failed || throttled ? 0 : Math.min(d.need, Math.max(0, room));
    if (launch > 0) {
      d.starts.add(new TaskStart(primary.id(), primary.taskDefinition(),
          Decisions.request(spec, primary, launch, spec.strategies()), Optional.empty()));
    }
    if (throttled && d.need > 0) {
      d.wakeAt(throttle.nextLaunchAt());
    }

    String reason = ServiceEvents.scalingReason(primary.id());
    List<Census.TaskView> others = keep.stream().filter(v -> !v.primary()).toList();
    List<Census.TaskView> evacuate = keep.stream().filter(v -> v.primary() && !v.onActiveInstance()).toList();
    others.stream().filter(v -> !v.healthy()).forEach(v -> d.stop(v, reason));
    evacuate.stream().filter(v -> !v.healthy()).forEach(v -> d.stop(v, reason));
    // a FAILED rollout launches nothing, so its old tasks are all the service has left
    if (!failed || deleting) {
      d.stopInScaleInOrder(others, others.size(), spec, snapshot, random, reason);
      d.stopInScaleInOrder(evacuate, evacuate.size(), spec, snapshot, random, reason);
    }
    int excess = primaryKept.size() - desired;
    if (excess > 0) {
      d.stopInScaleInOrder(primaryKept, excess, spec, snapshot, random, reason);
    }
    return d;
  }
}
