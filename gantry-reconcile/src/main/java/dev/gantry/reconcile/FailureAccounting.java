package dev.gantry.reconcile;

import dev.gantry.model.TaskStopCode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Learns from the service's tasks which ones failed, each once: the circuit breaker's count per
 * deployment and the launch throttle's streak.
 *
 * <p>A task failed when it stopped on its own (not by a user's StopTask nor by the scheduler)
 * without ever reaching RUNNING, or after running for less than the settle time (an essential
 * container that exits at once may show RUNNING for an instant; ECS's breaker trips on it too),
 * or when the scheduler stops it now for failing its health checks. Only tasks that never reached
 * RUNNING feed the throttle, as in ECS. Each STOPPED task is remembered in
 * {@link SchedulerState#accountedTasks()} so that the next reconcile does not count it again.
 */
final class FailureAccounting {
  private FailureAccounting() {}

  record Result(Map<String, Integer> failures, LaunchThrottle throttle, Set<String> accounted) {}

  static Result account(ServiceSpec spec, Census census, Duration settle, Instant now) {
    SchedulerState state = spec.schedulerState();
    String primary = spec.primary().id();
    LaunchThrottle throttle = state.launchThrottle().forDeployment(primary);
    Map<String, Integer> failures = new HashMap<>();
    Set<String> accounted = new TreeSet<>();
    for (Census.TaskView v : census.tasks) {
      ObservedTask t = v.task();
      if (v.failingHealthChecks()) {
        failures.merge(t.startedBy(), 1, Integer::sum);
      }
      if (!t.stopped()) {
        continue;
      }
      accounted.add(t.taskArn());
      if (state.accountedTasks().contains(t.taskArn()) || stoppedByRequest(t)) {
        continue;
      }
      boolean neverRan = t.startedAt().isEmpty();
      boolean brief = t.startedAt().isPresent() && t.stoppedAt().isPresent()
          && Duration.between(t.startedAt().get(), t.stoppedAt().get()).compareTo(settle) < 0;
      if (neverRan || brief) {
        failures.merge(t.startedBy(), 1, Integer::sum);
      }
      if (neverRan && t.startedBy().equals(primary)) {
        throttle = throttle.failed(t.stoppedAt().orElse(now));
      }
    }
    if (throttle.startFailures() > 0 && startedSince(census.tasks, primary, throttle.lastFailureAt())) {
      throttle = throttle.reset();
    }
    return new Result(Map.copyOf(failures), throttle, accounted);
  }

  private static boolean stoppedByRequest(ObservedTask t) {
    return t.stopCode().filter(c -> c == TaskStopCode.USERINITIATED || c == TaskStopCode.SERVICESCHEDULERINITIATED)
        .isPresent();
  }

  /** Whether a task of the deployment reached RUNNING after {@code since}: launches work again. */
  private static boolean startedSince(List<Census.TaskView> tasks, String deploymentId, Instant since) {
    return tasks.stream().map(Census.TaskView::task)
        .anyMatch(t -> t.startedBy().equals(deploymentId) && t.startedAt().filter(s -> s.isAfter(since)).isPresent());
  }
}
