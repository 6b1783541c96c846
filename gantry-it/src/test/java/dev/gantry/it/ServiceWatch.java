package dev.gantry.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A user's view of one service, polled: DescribeServices plus every task of the service
 * (ListTasks by serviceName for desiredStatus RUNNING, then STOPPED, then DescribeTasks), and
 * the invariants a scenario wants checked at every single observation, not only at the end.
 *
 * <p>The two listings are not one atomic read. Listing RUNNING first can only miss a task created
 * in between, which can make the count of live tasks too low, never too high: the maximum check
 * is exact, and a minimum check would need a new task to be created, become healthy and let an old
 * one stop within milliseconds, which the scheduler's settle time rules out.
 */
final class ServiceWatch {
  /** One observation of the service and its tasks. */
  record Observation(Instant at, Service service, List<Task> tasks) {
    /** Tasks not yet STOPPED (PROVISIONING to STOPPING): what the maximumPercent bound counts. */
    List<Task> live() {
      return tasks.stream().filter(t -> !"STOPPED".equals(t.lastStatus())).toList();
    }

    /** RUNNING and meant to stay so: an upper bound of the tasks the scheduler counts healthy. */
    List<Task> serving() {
      return tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus()) && "RUNNING".equals(t.desiredStatus()))
          .toList();
    }

    List<Task> serving(String taskDefinitionArn) {
      return serving().stream().filter(t -> t.taskDefinitionArn().equals(taskDefinitionArn)).toList();
    }

    /** Serving tasks per container instance ARN. */
    Map<String, Long> servingPerInstance() {
      return serving().stream().collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
    }

    Set<String> servingArns() {
      return serving().stream().map(Task::taskArn).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("service ").append(service.serviceName()).append(" status=")
          .append(service.status()).append(" desired=").append(service.desiredCount()).append(" running=")
          .append(service.runningCount()).append(" pending=").append(service.pendingCount());
      service.deployments().forEach(d -> b.append("\n  deployment ").append(d.id()).append(' ').append(d.status())
          .append(' ').append(d.taskDefinition()).append(" rollout=").append(d.rolloutState()).append(" (")
          .append(d.rolloutStateReason()).append(") running=").append(d.runningCount()).append(" failed=")
          .append(d.failedTasks()));
      tasks.forEach(t -> b.append("\n  task ").append(t.taskArn()).append(' ').append(t.lastStatus()).append('/')
          .append(t.desiredStatus()).append(' ').append(t.taskDefinitionArn()).append(" on ")
          .append(t.containerInstanceArn()).append(t.stoppedReason() == null ? "" : " (" + t.stoppedReason() + ")"));
      int events = service.events().size();
      service.events().subList(0, Math.min(5, events)).forEach(e -> b.append("\n  event ").append(e.message()));
      return b.toString();
    }
  }

  /** A property every observation must have; empty when it holds. */
  @FunctionalInterface
  interface Invariant {
    Optional<String> violation(Observation o);
  }

  private final EcsClient ecs;
  private final String cluster;
  private final String service;
  private final List<Invariant> invariants = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Observation> history = new CopyOnWriteArrayList<>();

  ServiceWatch(EcsClient ecs, String cluster, String service) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.service = service;
  }

  /** Checks {@code invariant} at every observation from now on. */
  ServiceWatch check(Invariant invariant) {
    invariants.add(invariant);
    return this;
  }

  /** Stops checking every invariant (e.g. once the deployment they guard is over). */
  void clearChecks() {
    invariants.clear();
  }

  /** Never more than {@code limit} tasks not yet STOPPED. */
  static Invariant atMostLive(int limit) {
    return o -> o.live().size() > limit
        ? Optional.of(o.live().size() + " tasks not STOPPED, more than " + limit + ":\n" + o) : Optional.empty();
  }

  /** Never fewer than {@code floor} tasks RUNNING (and desired RUNNING). */
  static Invariant atLeastServing(int floor) {
    return o -> o.serving().size() < floor
        ? Optional.of(o.serving().size() + " tasks serving, fewer than " + floor + ":\n" + o) : Optional.empty();
  }

  /** Never two live tasks of the service on one container instance (DAEMON). */
  static Invariant oneLivePerInstance() {
    return o -> {
      Map<String, Long> perInstance = o.live().stream()
          .collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
      return perInstance.values().stream().anyMatch(n -> n > 1)
          ? Optional.of("two live tasks on one instance " + perInstance + ":\n" + o) : Optional.empty();
    };
  }

  Observation observe() {
    Service s = ecs.describeServices(r -> r.cluster(cluster).services(service)).services().getFirst();
    List<String> arns = new ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(service).desiredStatus(status)).taskArns()
          .forEach(arn -> {
            if (!arns.contains(arn)) {
              arns.add(arn);
            }
          });
    }
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += 100) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
      tasks.addAll(ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks());
    }
    Observation o = new Observation(Instant.now(), s, List.copyOf(tasks));
    history.add(o);
    for (Invariant invariant : invariants) {
      invariant.violation(o).ifPresent(violations::add);
    }
    return o;
  }

  /** Observes every 200 ms until {@code condition} holds, failing with the last observation after {@code timeout}. */
  Observation until(String what, Duration timeout, Predicate<Observation> condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Observation o = observe();
      if (condition.test(o)) {
        return o;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("waited " + timeout + " for " + what + "; last seen:\n" + o);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Every observation so far, oldest first. */
  List<Observation> history() {
    return List.copyOf(history);
  }

  /** The invariant violations seen so far (the first few, to keep a failure message readable). */
  List<String> violations() {
    return violations.subList(0, Math.min(3, violations.size()));
  }

  int observations() {
    return history.size();
  }
}
