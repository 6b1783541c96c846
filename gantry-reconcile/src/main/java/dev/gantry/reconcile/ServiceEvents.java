package dev.gantry.reconcile;

import dev.gantry.model.ServiceEvent;
import dev.gantry.placement.FailureReason;
import dev.gantry.placement.PlacementResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The service events and rollout reasons of the scheduler, worded as ECS words them
 * ("(service web) has reached a steady state."), and the rule for conditions that last: their
 * event is appended when the condition begins and again only after {@code eventRepeat}, as ECS
 * omits duplicates until the cause is resolved or six hours pass.
 */
final class ServiceEvents {
  static final String STEADY = "steady";
  static final String THROTTLED = "throttled";
  static final String STUCK = "stuck";
  static final String UNPLACED = "unplaced";

  private final String service;
  private final Instant now;
  private final RandomGenerator random;
  private final List<ServiceEvent> events = new ArrayList<>();

  ServiceEvents(String serviceName, Instant now, RandomGenerator random) {
    this.service = "(service " + serviceName + ")";
    this.now = now;
    this.random = random;
  }

  static String inProgress(String deploymentId) {
    return "ECS deployment " + deploymentId + " in progress.";
  }

  static String completed(String deploymentId) {
    return "ECS deployment " + deploymentId + " completed.";
  }

  static String circuitBreakerFailed() {
    return "ECS deployment circuit breaker: tasks failed to start.";
  }

  static String rollingBack(String deploymentId) {
    return "ECS deployment circuit breaker: rolling back to deploymentId " + deploymentId + ".";
  }

  static String scalingReason(String deploymentId) {
    return "Scaling activity initiated by (deployment " + deploymentId + ")";
  }

  static final String HEALTH_CHECK_REASON = "Task failed container health checks";
  static final String DRAINING_REASON = "Container instance is DRAINING";
  static final String CONSTRAINTS_REASON = "Container instance no longer meets the service's placement constraints";

  static String lostReason(Instant lastSeen) {
    return "Container instance agent not heard from since " + lastSeen + ": task replaced";
  }

  List<ServiceEvent> events() {
    return List.copyOf(events);
  }

  void add(String message) {
    // a UUID's layout from the caller's randomness: version 4, IETF variant
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    events.add(new ServiceEvent(new UUID(hi, lo).toString(), now, service + " " + message));
  }

  /**
   * Appends {@code message} for an ongoing condition unless it was reported less than
   * {@code repeat} ago; {@code reported} (condition to last report) is updated in place.
   */
  void condition(Map<String, Instant> reported, String key, boolean holds, Duration repeat, String message) {
    if (!holds) {
      reported.remove(key);
      return;
    }
    Instant last = reported.get(key);
    if (last == null || !now.isBefore(last.plus(repeat))) {
      add(message);
      reported.put(key, now);
    }
  }

  void stopped(List<String> taskIds) {
    add("has stopped " + taskIds.size() + " running tasks: " + taskList(taskIds) + ".");
  }

  void started(List<String> taskIds) {
    add("has started " + taskIds.size() + " tasks: " + taskList(taskIds) + ".");
  }

  static String steadyState() {
    return "has reached a steady state.";
  }

  static String throttled() {
    return "is unable to consistently start tasks successfully.";
  }

  static String stuck() {
    return "was unable to stop or start tasks during a deployment because of the service deployment "
        + "configuration. Update the minimumHealthyPercent or maximumPercent value and try again.";
  }

  /** Why no instance took a task, naming the one that came closest (passed the most rules). */
  static String unplaced(PlacementResult.Unplaced result) {
    String head = "was unable to place a task because no container instance met all of its requirements.";
    if (result.failures().isEmpty()) {
      return head + " Reason: No Container Instances were found in your cluster.";
    }
    PlacementResult.Failure closest = result.failures().stream()
        .max(Comparator.comparing((PlacementResult.Failure f) -> f.reason().ordinal())
            .thenComparing(PlacementResult.Failure::containerInstanceArn, Comparator.reverseOrder()))
        .orElseThrow();
    return head + " The closest matching (container-instance " + lastSegment(closest.containerInstanceArn()) + ") "
        + shortfall(closest.reason()) + " For more information, see the Troubleshooting section.";
  }

  private static String shortfall(FailureReason reason) {
    return switch (reason) {
      case INACTIVE -> "is not ACTIVE.";
      case AGENT -> "has no connected agent.";
      case ATTRIBUTE -> "is missing an attribute required by your task.";
      case ATTRIBUTE_OS_FAMILY -> "runs another operating system family than your task's runtimePlatform.";
      case ATTRIBUTE_CPU_ARCHITECTURE -> "has another CPU architecture than your task's runtimePlatform.";
      case ATTRIBUTE_WINDOWS_MEMORY -> "needs ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true for a task with "
          + "memoryReservation alone.";
      case RESOURCE_CPU -> "has insufficient CPU units available.";
      case RESOURCE_MEMORY -> "has insufficient memory available.";
      case RESOURCE_PORTS -> "is already using a port required by your task.";
      case MEMBER_OF -> "does not match the memberOf placement constraint.";
      case DISTINCT_INSTANCE -> "already runs a task of the service (distinctInstance placement constraint).";
    };
  }

  /** Per instance, the tasks the plan stops there because its agent is lost. */
  void lostInstances(Map<String, List<String>> taskIdsByInstance) {
    new TreeMap<>(taskIdsByInstance).forEach((instance, ids) -> add("(container-instance " + lastSegment(instance)
        + ") has lost its agent: replacing its tasks " + taskList(ids) + "."));
  }

  static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static String taskList(List<String> taskIds) {
    return taskIds.stream().map(id -> "(task " + id + ")").collect(Collectors.joining(" "));
  }
}
