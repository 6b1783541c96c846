package dev.gantry.reconcile;

import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.PlacedTask;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.ScaleIn;
import dev.gantry.placement.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The starts and stops one scheduler (REPLICA or DAEMON) decides, built up step by step: free
 * stops (tasks that are not healthy, so minimumHealthyPercent does not care) and stops of healthy
 * tasks, which draw on the budget of healthy tasks above the minimum.
 */
final class Decisions {
  final int desired;
  final List<TaskStart> starts = new ArrayList<>();
  final Map<String, TaskStop> stops = new LinkedHashMap<>();
  final Map<String, List<String>> lostStops = new TreeMap<>();
  final List<String> healthStops = new ArrayList<>();
  /** Tasks the primary deployment still lacks. */
  int need;
  Optional<Instant> wake = Optional.empty();
  private int budget;

  Decisions(int desired, int healthyBudget) {
    this.desired = desired;
    this.budget = Math.max(0, healthyBudget);
  }

  boolean stopping(Census.TaskView v) {
    return stops.containsKey(v.task().taskArn());
  }

  void stop(Census.TaskView v, String reason) {
    stops.putIfAbsent(v.task().taskArn(), TaskStop.of(v.task(), reason));
  }

  /** Stops {@code v} if it is not healthy, or if the healthy budget allows; whether it did. */
  boolean stopWithinBudget(Census.TaskView v, String reason) {
    if (stopping(v)) {
      return true;
    }
    if (v.healthy()) {
      if (budget == 0) {
        return false;
      }
      budget--;
    }
    stop(v, reason);
    return true;
  }

  void stopLost(Census.TaskView v) {
    stop(v, ServiceEvents.lostReason(v.lastSeen()));
    lostStops.computeIfAbsent(v.instanceArn(), k -> new ArrayList<>()).add(v.task().taskId());
  }

  void stopFailingHealthChecks(Census.TaskView v) {
    stop(v, ServiceEvents.HEALTH_CHECK_REASON);
    healthStops.add(v.task().taskId());
  }

  /**
   * Stops up to {@code count} of {@code group}: first tasks that are not healthy (stopping them
   * costs no healthy capacity), then healthy ones while the budget lasts, each pass in the
   * scale-in order of the service's strategies taken over every task still live, so the
   * survivors stay as balanced as the budget allows. (Ordering the unhealthy ones among
   * themselves only could stop all of them on one instance and leave the survivors lopsided;
   * ordering everything in one pass could spend the budget on a healthy task early and then be
   * left stopping only unhealthy ones elsewhere.)
   */
  void stopInScaleInOrder(List<Census.TaskView> group, int count, ServiceSpec spec, ClusterSnapshot snapshot,
      RandomGenerator random, String reason) {
    int left = count;
    List<Census.TaskView> live = group.stream().filter(v -> !stopping(v)).toList();
    for (Census.TaskView v : scaleInOrder(live, live.size(), spec, snapshot, random)) {
      if (left == 0) {
        return;
      }
      if (!v.healthy()) {
        stop(v, reason);
        left--;
      }
    }
    List<Census.TaskView> rest = group.stream().filter(v -> !stopping(v)).toList();
    for (Census.TaskView v : scaleInOrder(rest, rest.size(), spec, snapshot, random)) {
      if (left == 0 || budget == 0) {
        return;
      }
      stopWithinBudget(v, reason);
      left--;
    }
  }

  private static List<Census.TaskView> scaleInOrder(List<Census.TaskView> group, int count, ServiceSpec spec,
      ClusterSnapshot snapshot, RandomGenerator random) {
    if (count <= 0) {
      return List.of();
    }
    Map<String, Census.TaskView> byArn = new HashMap<>();
    List<PlacedTask> placed = new ArrayList<>();
    for (Census.TaskView v : group) {
      byArn.put(v.task().taskArn(), v);
      placed.add(new PlacedTask(v.task().taskArn(), v.instanceArn()));
    }
    return ScaleIn.tasksToStop(placed, spec.strategies(), snapshot, count, random).stream().map(byArn::get).toList();
  }

  void wakeAt(Instant at) {
    wake = wake.filter(w -> w.isBefore(at)).or(() -> Optional.of(at));
  }

  /** A placement request for {@code count} tasks of {@code d}: the service's and the task definition's rules. */
  static PlacementRequest request(ServiceSpec spec, DeploymentSpec d, int count, List<Strategy> strategies) {
    List<Constraint> constraints = new ArrayList<>(spec.placementConstraints());
    constraints.addAll(d.placement().constraints());
    return new PlacementRequest(spec.group(), count, d.placement().demand(), d.placement().osFamily(),
        d.placement().requiresAttributes(), constraints, strategies);
  }
}
