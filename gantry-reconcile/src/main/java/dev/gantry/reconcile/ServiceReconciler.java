package dev.gantry.reconcile;

import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.ServiceEvent;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.PlacementResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The service scheduler's pure core: what to start and stop for one service, now.
 *
 * <p>Goal: keep a REPLICA service at {@code desiredCount} healthy tasks of its primary deployment
 * (a DAEMON service at one per eligible instance), roll deployments within minimumHealthyPercent
 * and maximumPercent, replace what stops or is lost, trip the circuit breaker and throttle
 * launches as ECS does. Constraints: pure and level-triggered; it reads only its arguments (the
 * stored service with the state it returned last time, the tasks, the cluster, agent liveness,
 * the time, randomness for scale-in ties and event ids), so a restarted or new leader carries on
 * from the store, and the same arguments give the same plan.
 *
 * <p>Algorithm, per call: classify every task ({@link Census}); count new failures
 * ({@link FailureAccounting}) and apply the {@link CircuitBreaker} (maybe rolling back); let the
 * {@link ReplicaReconciler} or {@link DaemonReconciler} decide starts and stops; derive the
 * deployments' counts, statuses and rollout ({@link Rollout}); add the events and the earliest
 * time anything would change by itself ({@code wakeAt}).
 *
 * <p>Fencing, for services with maximumPercent at most 100 (a singleton must never run twice,
 * even when its agent is cut off from the control plane rather than dead). Times, with
 * {@code L} the server's receipt of the agent's last poll, TTL the liveness TTL, G the replace
 * grace, S the largest stopTimeout of the task's containers (for a container that sets none, the
 * default its instance's agent advertises: {@link StopTimeout}), M the fencing margin:
 * <ul>
 *   <li>{@code L + TTL}: the server marks the agent disconnected. The agent measures its lease
 *       from the moment it <em>sent</em> its last successful poll, which is before L, so by
 *       {@code L + TTL} it has stopped hearing from the server for a whole TTL and begins stopping
 *       the service's tasks itself (SIGTERM, then SIGKILL after S).
 *   <li>{@code L + TTL + G}: the agent is lost; the scheduler marks its tasks STOPPED
 *       (desiredStatus), so an agent that comes back stops them at once. A service with
 *       maximumPercent over 100 starts replacements now, as ECS would (two copies may run).
 *   <li>{@code L + TTL + S + M} (if later): the agent's tasks are certainly dead; the tasks no
 *       longer count toward maximumPercent, and an at-most-desired service starts replacements.
 * </ul>
 * With the defaults (TTL 10 s, G 5 s, S 30 s, M 5 s) a lost singleton is replaced 45 s after
 * its agent's last poll; M covers clock-rate drift between the hosts and the time a SIGKILL takes.
 */
public final class ServiceReconciler {
  private final SchedulerSettings settings;

  public ServiceReconciler(SchedulerSettings settings) {
    this.settings = settings;
  }

  public static ServiceReconciler withDefaults() {
    return new ServiceReconciler(SchedulerSettings.DEFAULTS);
  }

  public SchedulerSettings settings() {
    return settings;
  }

  /**
   * The plan for {@code spec} given its tasks (STOPPED ones included while stored), the cluster,
   * when each agent was last seen, and the time. {@code random} breaks scale-in ties and makes
   * event ids; seed it from something stable to replay a decision.
   */
  public Plan reconcile(ServiceSpec spec, List<ObservedTask> tasks, ClusterSnapshot snapshot, AgentLiveness liveness,
      Instant now, RandomGenerator random) {
    ServiceEvents events = new ServiceEvents(spec.serviceName(), now, random);
    boolean daemon = spec.schedulingStrategy() == SchedulingStrategy.DAEMON;
    int desired = daemon ? DaemonReconciler.eligible(spec, snapshot).size()
        : spec.status() == ServiceStatus.ACTIVE ? spec.desiredCount() : 0;
    Census census = Census.of(spec, tasks, snapshot, liveness, settings, now);
    FailureAccounting.Result failures = FailureAccounting.account(spec, census, settings.settleTime(), now);
    ServiceSpec current = spec.withDeployments(CircuitBreaker.apply(spec, failures.failures(), desired, now, events));
    if (!current.primary().id().equals(spec.primary().id())) {
      census = Census.of(current, tasks, snapshot, liveness, settings, now);
    }
    LaunchThrottle throttle = failures.throttle().forDeployment(current.primary().id());
    Decisions d = daemon ? DaemonReconciler.plan(current, census, snapshot, throttle, now)
        : ReplicaReconciler.plan(current, census, snapshot, throttle, now, random);

    events.lostInstances(d.lostStops);
    d.healthStops.forEach(id -> events.add("(task " + id + ") failed container health checks."));
    if (!d.stops.isEmpty()) {
      events.stopped(d.stops.values().stream().map(s -> ServiceEvents.lastSegment(s.taskArn())).toList());
    }
    Rollout.Result rollout = Rollout.update(current, census, d, now, events);
    DeploymentSpec primary = rollout.deployments().get(0);
    boolean launchesAllowed = current.status() == ServiceStatus.ACTIVE && !throttle.blocks(now)
        && primary.rolloutState() != DeploymentRolloutState.FAILED;
    boolean settled = census.counted().stream().allMatch(v -> v.wanted() && v.healthy());
    boolean stuck = !rollout.complete() && d.starts.isEmpty() && d.stops.isEmpty() && launchesAllowed && settled;

    Map<String, Instant> reported = new TreeMap<>(spec.schedulerState().reportedConditions());
    events.condition(reported, ServiceEvents.THROTTLED, throttle.engaged(), settings.eventRepeat(),
        ServiceEvents.throttled());
    events.condition(reported, ServiceEvents.STUCK, stuck, settings.eventRepeat(), ServiceEvents.stuck());
    events.condition(reported, ServiceEvents.STEADY,
        rollout.complete() && primary.rolloutState() == DeploymentRolloutState.COMPLETED, settings.eventRepeat(),
        ServiceEvents.steadyState());
    if (d.need == 0 && d.starts.isEmpty()) {
      reported.remove(ServiceEvents.UNPLACED);
    }

    ServiceStatus status = current.status() == ServiceStatus.DRAINING && census.counted().stream()
        .noneMatch(v -> v.task().lastStatus().compareTo(TaskStatus.RUNNING) <= 0) ? ServiceStatus.INACTIVE
        : current.status();
    SchedulerState state = new SchedulerState(failures.accounted(), throttle, reported, census.unseenInstances);
    Optional<Instant> wake = earliestAfter(now, census.wake, d.wake);
    return new Plan(d.starts, List.copyOf(d.stops.values()), rollout.deployments(), events.events(), state, status,
        d.desired, rollout.running(), rollout.pending(), wake);
  }

  /**
   * The plan once the controller has placed its starts and created the tasks: adds "has started"
   * for the tasks created, "was unable to place a task" (once per episode) for starts that were
   * not all placed, the new tasks to the pending counts, and a retry time for what was not placed.
   */
  public Plan placed(ServiceSpec spec, Plan plan, List<StartResult> results, Instant now, RandomGenerator random) {
    ServiceEvents events = new ServiceEvents(spec.serviceName(), now, random);
    List<String> started = results.stream().flatMap(r -> r.taskArns().stream()).map(ServiceEvents::lastSegment).toList();
    if (!started.isEmpty()) {
      events.started(started);
    }
    Optional<PlacementResult.Unplaced> unplaced = results.stream().map(StartResult::placement)
        .filter(PlacementResult.Unplaced.class::isInstance).map(PlacementResult.Unplaced.class::cast).findFirst();
    Map<String, Instant> reported = new TreeMap<>(plan.schedulerState().reportedConditions());
    if (!results.isEmpty()) {
      events.condition(reported, ServiceEvents.UNPLACED, unplaced.isPresent(), settings.eventRepeat(),
          unplaced.map(ServiceEvents::unplaced).orElse(""));
    }
    List<DeploymentSpec> deployments = new ArrayList<>();
    for (DeploymentSpec dep : plan.deployments()) {
      int added = results.stream().filter(r -> r.start().deploymentId().equals(dep.id()))
          .mapToInt(r -> r.taskArns().size()).sum();
      deployments.add(added == 0 ? dep : dep.withCounts(dep.desiredCount(), dep.runningCount(), dep.pendingCount() + added));
    }
    List<ServiceEvent> all = new ArrayList<>(plan.events());
    all.addAll(events.events());
    SchedulerState s = plan.schedulerState();
    Optional<Instant> wake = unplaced.isPresent()
        ? earliestAfter(now, List.of(now.plus(settings.placementRetry())), plan.wakeAt()) : plan.wakeAt();
    return new Plan(plan.starts(), plan.stops(), deployments, all,
        new SchedulerState(s.accountedTasks(), s.launchThrottle(), reported, s.unseenInstances()), plan.status(),
        plan.desiredCount(), plan.runningCount(), plan.pendingCount() + started.size(), wake);
  }

  private static Optional<Instant> earliestAfter(Instant now, List<Instant> times, Optional<Instant> other) {
    Optional<Instant> best = times.stream().filter(t -> t.isAfter(now)).min(Instant::compareTo);
    if (other.isPresent() && other.get().isAfter(now) && (best.isEmpty() || other.get().isBefore(best.get()))) {
      return other;
    }
    return best;
  }
}
