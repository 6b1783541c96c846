package dev.gantry.reconcile;

import dev.gantry.model.ServiceEvent;
import java.time.Instant;
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
 *   <li>{@code deployments}: every deployment with its new status, rollout state and counts, in
 *       the order to store (PRIMARY first; INACTIVE ones last, keep or drop them).
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

  /** Tasks asked for across all starts. */
  public int startCount() {
    return starts.stream().mapToInt(s -> s.request().count()).sum();
  }

  /** Nothing to start or stop. */
  public boolean idle() {
    return starts.isEmpty() && stops.isEmpty();
  }
}
