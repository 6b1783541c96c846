package dev.gantry.reconcile;

import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.ServiceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What to do for one service, decided at one moment; the controller applies all of it in one
 * store transaction.
 *
 * <ul>
 *   <li>{@code starts}: tasks to place and create (see {@link TaskStart#place}); afterwards
 *       {@link ServiceReconciler#placed} adds the events for what was and was not placed.
 *   <li>{@code stops}: tasks whose desiredStatus becomes STOPPED, with reason and stop code.
 *   <li>{@code deployments}: every deployment passed in, with its new status, rollout state and
 *       counts: PRIMARY first, then ACTIVE, then INACTIVE ones (newest first). Store
 *       {@link #deploymentsToKeep()}; a deployment that turns INACTIVE here has finished.
 *   <li>{@code events}: service events to add, oldest first (DescribeServices shows newest
 *       first, the last 100).
 *   <li>{@code schedulerState}: store it with the service; pass it back next time.
 *   <li>{@code status}, {@code desiredCount} (a DAEMON's is its eligible instances),
 *       {@code runningCount}, {@code pendingCount}: the service's members.
 *   <li>{@code wakeAt}: when to reconcile again if nothing in the store changes first (a task
 *       settles, a grace period or backoff ends, a lost agent's fencing deadline passes).
 * </ul>
 */
public record Plan(
    List<TaskStart> starts,
    List<TaskStop> stops,
    List<DeploymentSpec> deployments,
    List<ServiceEvent> events,
    SchedulerState schedulerState,
    ServiceStatus status,
    int desiredCount,
    int runningCount,
    int pendingCount,
    Optional<Instant> wakeAt) {

  public Plan {
    starts = List.copyOf(starts);
    stops = List.copyOf(stops);
    deployments = List.copyOf(deployments);
    events = List.copyOf(events);
  }

  /** The deployments DescribeServices shows: PRIMARY and ACTIVE ones. */
  public List<DeploymentSpec> describedDeployments() {
    return deployments.stream().filter(d -> d.status() != DeploymentStatus.INACTIVE).toList();
  }

  /**
   * The deployments to store with the service and pass back: the described ones, plus the most
   * recent INACTIVE one whose rollout COMPLETED (what a circuit-breaker rollback returns to).
   */
  public List<DeploymentSpec> deploymentsToKeep() {
    List<DeploymentSpec> keep = new ArrayList<>(describedDeployments());
    deployments.stream().filter(d -> d.status() == DeploymentStatus.INACTIVE
        && d.rolloutState() == DeploymentRolloutState.COMPLETED).max(Comparator.comparing(DeploymentSpec::createdAt))
        .ifPresent(keep::add);
    return List.copyOf(keep);
  }

  /** Tasks asked for across all starts. */
  public int startCount() {
    return starts.stream().mapToInt(s -> s.request().count()).sum();
  }

  /** Nothing to start or stop. */
  public boolean idle() {
    return starts.isEmpty() && stops.isEmpty();
  }
}
