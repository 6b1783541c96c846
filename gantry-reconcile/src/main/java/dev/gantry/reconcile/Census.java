package dev.gantry.reconcile;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The service's tasks, each classified once for one reconcile: its deployment, its instance,
 * whether its agent is lost, whether it still counts toward maximumPercent, whether it is healthy.
 *
 * <p>Lost agents: an agent last seen at {@code L} is lost from {@code L + ttl + grace}; its tasks
 * are then stopped and, for REPLICA services, replaced. Until the task is presumed gone it still
 * counts as running: for a service with maximumPercent over 100 that is at once, for an
 * at-most-desired one only at the fencing deadline {@code L + ttl + stopTimeout + margin} (see
 * {@link ServiceReconciler}), where a container without its own stopTimeout counts with the
 * default its instance's agent advertises ({@link StopTimeout}). A task whose instance is no
 * longer in the snapshot counts with the longest default any instance of the cluster advertises,
 * and at least ECS's 30 s. DAEMON tasks are never replaced elsewhere, so for them agents are
 * never lost here.
 */
final class Census {

  /** One task and what this reconcile makes of it. */
  record TaskView(ObservedTask task, Optional<DeploymentSpec> deployment, boolean primary,
      Optional<InstanceView> instance, Instant lastSeen, boolean lost, boolean gone, boolean healthy,
      boolean failingHealthChecks) {

    /** Not STOPPED and not presumed gone: counts toward maximumPercent. */
    boolean counted() {
      return !task.stopped() && !gone;
    }

    /** Counted and still meant to run. */
    boolean wanted() {
      return counted() && task.desiredRunning();
    }

    boolean onActiveInstance() {
      return instance.isPresent() && instance.get().status() == ContainerInstanceStatus.ACTIVE;
    }

    String instanceArn() {
      return task.containerInstanceArn();
    }
  }

  final List<TaskView> tasks;
  final Map<String, Instant> unseenInstances;
  final List<Instant> wake;

  private Census(List<TaskView> tasks, Map<String, Instant> unseenInstances, List<Instant> wake) {
    this.tasks = List.copyOf(tasks);
    this.unseenInstances = unseenInstances;
    this.wake = wake;
  }

  static Census of(ServiceSpec spec, List<ObservedTask> observed, ClusterSnapshot snapshot, AgentLiveness liveness,
      SchedulerSettings settings, Instant now) {
    Map<String, InstanceView> instances = new HashMap<>();
    snapshot.instances().forEach(v -> instances.put(v.containerInstanceArn(), v));
    boolean replaceLost = spec.schedulingStrategy() == SchedulingStrategy.REPLICA;
    boolean fenced = spec.deploymentConfiguration().atMostDesired();
    Map<String, Instant> unseen = new TreeMap<>();
    List<Instant> wake = new ArrayList<>();
    List<TaskView> views = new ArrayList<>();
    List<ObservedTask> sorted = observed.stream().sorted(Comparator.comparing(ObservedTask::taskArn)).toList();
    Duration unknownInstanceDefault = snapshot.instances().stream()
        .flatMap(v -> StopTimeout.advertised(v.attributes()).stream()).reduce(StopTimeout.DEFAULT, Census::longer);
    for (ObservedTask t : sorted) {
      Optional<DeploymentSpec> d = spec.deployment(t.startedBy());
      Optional<InstanceView> instance = Optional.ofNullable(instances.get(t.containerInstanceArn()));
      Instant lastSeen = lastSeen(t, liveness, spec.schedulerState(), unseen, now);
      Instant lostAt = lastSeen.plus(settings.livenessTtl()).plus(settings.replaceGrace());
      Duration stopTimeout = stopTimeout(d, instance, unknownInstanceDefault);
      Instant fencedAt = lastSeen.plus(settings.livenessTtl()).plus(stopTimeout).plus(settings.fencingMargin());
      Instant goneAt = fenced && fencedAt.isAfter(lostAt) ? fencedAt : lostAt;
      boolean lost = replaceLost && !now.isBefore(lostAt);
      boolean gone = lost && !now.isBefore(goneAt);
      boolean hc = d.map(DeploymentSpec::healthChecks).orElse(false);
      boolean running = !t.stopped() && t.desiredRunning() && t.lastStatus() == TaskStatus.RUNNING && !lost;
      Instant started = t.startedAt().orElse(t.createdAt());
      Instant settledAt = started.plus(settings.settleTime());
      Instant graceEnds = started.plus(spec.healthCheckGracePeriod());
      boolean healthy = running && (hc ? t.healthStatus() == HealthStatus.HEALTHY : !now.isBefore(settledAt));
      boolean unhealthy = running && t.healthStatus() == HealthStatus.UNHEALTHY;
      boolean failing = unhealthy && !now.isBefore(graceEnds);
      views.add(new TaskView(t, d, d.map(DeploymentSpec::isPrimary).orElse(false), instance, lastSeen, lost, gone,
          healthy, failing));
      if (running && !hc && now.isBefore(settledAt)) {
        wake.add(settledAt);
      }
      if (unhealthy && !failing) {
        wake.add(graceEnds);
      }
      // an agent past its TTL is noticed by the controller (agentConnected flips); an instance
      // without a liveness entry changes nothing in the store, so its deadline needs a wake-up
      boolean suspect = !now.isBefore(lastSeen.plus(settings.livenessTtl()))
          || liveness.lastSeen(t.containerInstanceArn()).isEmpty();
      if (replaceLost && !t.stopped() && !lost && suspect) {
        wake.add(lostAt);
      }
      if (lost && !gone && !t.stopped()) {
        wake.add(goneAt);
      }
    }
    return new Census(views, unseen, wake);
  }

  /** How long the task's agent may take to stop it: its containers' own timeouts, else the agent's default. */
  private static Duration stopTimeout(Optional<DeploymentSpec> deployment, Optional<InstanceView> instance,
      Duration unknownInstanceDefault) {
    Duration agentDefault = instance.flatMap(v -> StopTimeout.advertised(v.attributes()))
        .orElse(unknownInstanceDefault);
    return deployment.map(DeploymentSpec::stopTimeout).orElse(StopTimeout.AGENT_DEFAULT).on(agentDefault);
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * When the task's agent was last heard from; for an instance without a liveness entry, when
   * that was first noticed (kept in {@code unseen} for the next state).
   */
  private static Instant lastSeen(ObservedTask t, AgentLiveness liveness, SchedulerState state,
      Map<String, Instant> unseen, Instant now) {
    Optional<Instant> seen = liveness.lastSeen(t.containerInstanceArn());
    if (seen.isPresent()) {
      return seen.get();
    }
    Instant noticed = unseen.getOrDefault(t.containerInstanceArn(),
        state.unseenInstances().getOrDefault(t.containerInstanceArn(), now));
    if (!t.stopped()) {
      unseen.put(t.containerInstanceArn(), noticed);
    }
    return noticed;
  }

  List<TaskView> counted() {
    return tasks.stream().filter(TaskView::counted).toList();
  }

  List<TaskView> wanted() {
    return tasks.stream().filter(TaskView::wanted).toList();
  }
}
