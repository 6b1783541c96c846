package dev.gantry.reconcile;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DesiredStatus;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.TaskStopCode;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A small world for property tests, on a fake clock: a store of tasks, instances whose agents
 * progress the tasks a few seconds after the scheduler asks (PENDING to RUNNING in 1-3 s, HEALTHY
 * a second later when the deployment has health checks, STOPPED 0-8 s after the stop: a
 * container's stopTimeout), and the controller's loop (reconcile,
 * place the starts, create the tasks, apply the stops, store the plan). An agent cut off from
 * the server (partitioned) cannot report; for an at-most-desired service it kills its tasks
 * itself once its lease (liveness TTL from its last poll) has run out, taking the whole
 * stopTimeout in the worst case. {@code alive} is the truth on the hosts, whatever the store says.
 */
final class Simulation {
  static final SchedulerSettings SETTINGS = SchedulerSettings.DEFAULTS.withSettleTime(Duration.ofSeconds(5));

  final class Host {
    final String id;
    ContainerInstanceStatus status = ContainerInstanceStatus.ACTIVE;
    Map<String, String> attributes = new HashMap<>();
    boolean partitioned;
    Instant lastSeen;
    Instant partitionedAt;
    /** The agent's ECS_CONTAINER_STOP_TIMEOUT, which the service's containers take (they set none). */
    Duration stopTimeout = StopTimeout.DEFAULT;

    Host(String id, String zone) {
      this.id = id;
      this.lastSeen = now;
      attributes.put("ecs.availability-zone", zone);
      attributes.put("ecs.os-family", "LINUX");
    }

    String arn() {
      return Fixtures.instanceArn(id);
    }

    /** The agent's default stop timeout, advertised as its agent does. */
    Host stopTimeout(Duration d) {
      stopTimeout = d;
      attributes.put(StopTimeout.ATTRIBUTE, Long.toString(d.toSeconds()));
      return this;
    }
  }

  static final class SimTask {
    final String arn;
    final String deployment;
    final String host;
    final Instant createdAt;
    TaskStatus last = TaskStatus.PENDING;
    DesiredStatus desired = DesiredStatus.RUNNING;
    HealthStatus health = HealthStatus.UNKNOWN;
    Instant startedAt;
    Instant stoppedAt;
    TaskStopCode stopCode;
    boolean alive;
    final Instant runAt;
    final long stopSeconds;
    Instant stopAt;
    /** When the agent's lease ran out it began stopping the task; dead by then, whatever happens. */
    Instant leaseKillAt;

    SimTask(String arn, String deployment, String host, Instant createdAt, SplittableRandom world) {
      this.arn = arn;
      this.deployment = deployment;
      this.host = host;
      this.createdAt = createdAt;
      this.runAt = createdAt.plusSeconds(world.nextInt(1, 4));
      this.stopSeconds = world.nextInt(0, 9);
    }

    ObservedTask observed() {
      return new ObservedTask(arn, deployment, Fixtures.instanceArn(host), last, desired, health, createdAt,
          Optional.ofNullable(startedAt), Optional.ofNullable(stoppedAt), Optional.ofNullable(stopCode),
          Optional.empty());
    }
  }

  final ServiceReconciler reconciler = new ServiceReconciler(SETTINGS);
  final SplittableRandom random;
  /** The world's own randomness (agent latencies), apart from the reconciler's. */
  final SplittableRandom world;
  final Map<String, Host> hosts = new LinkedHashMap<>();
  final Map<String, SimTask> tasks = new TreeMap<>();
  /** Deployments whose tasks never reach RUNNING. */
  final Set<String> failing = new HashSet<>();
  final List<Plan> trace = new ArrayList<>();
  ServiceSpec spec;
  Instant now = Fixtures.T0;
  int taskSeq;
  int deploymentSeq = 1;

  Simulation(ServiceSpec spec, long seed) {
    this.spec = spec;
    this.random = new SplittableRandom(seed);
    this.world = random.split();
  }

  Host addHost(String id, String zone) {
    Host h = new Host(id, zone);
    hosts.put(id, h);
    return h;
  }

  /** UpdateService with a new task definition: a new PRIMARY deployment, the others ACTIVE. */
  String deploy(boolean healthChecks) {
    String id = "ecs-svc/" + (++deploymentSeq);
    List<DeploymentSpec> next = new ArrayList<>();
    next.add(DeploymentSpec.create(id, Fixtures.TASK_DEF_2 + "-" + id, TaskPlacement.of(Fixtures.DEMAND), healthChecks,
        StopTimeout.AGENT_DEFAULT, now));
    spec.deployments().forEach(d -> next.add(d.isPrimary() ? d.withStatus(DeploymentStatus.ACTIVE, now) : d));
    spec = with(spec, next, spec.desiredCount(), spec.schedulerState(), spec.status());
    return id;
  }

  void desired(int n) {
    spec = with(spec, spec.deployments(), n, spec.schedulerState(), spec.status());
  }

  /** One second passes: agents act, the store forgets tasks STOPPED a minute ago, the controller reconciles. */
  Plan step() {
    now = now.plusSeconds(1);
    agents();
    tasks.values().removeIf(t -> t.last == TaskStatus.STOPPED && t.stoppedAt.plusSeconds(60).isBefore(now));
    return reconcile();
  }

  void agents() {
    tasks.values().stream().filter(t -> t.leaseKillAt != null && !now.isBefore(t.leaseKillAt))
        .forEach(t -> t.alive = false);
    for (Host h : hosts.values()) {
      if (h.partitioned) {
        enforceLease(h);
        continue;
      }
      h.lastSeen = now;
      for (SimTask t : tasksOn(h)) {
        if (t.last == TaskStatus.STOPPED) {
          continue;
        }
        if (t.desired == DesiredStatus.STOPPED && t.stopAt == null) {
          t.stopAt = now.plusSeconds(t.stopSeconds);
        }
        if ((t.stopAt != null && !now.isBefore(t.stopAt)) || (!t.alive && t.startedAt != null)) {
          t.last = TaskStatus.STOPPED;
          t.stoppedAt = now;
          t.alive = false;
        } else if (t.desired == DesiredStatus.STOPPED || t.leaseKillAt != null) {
          continue; // stopping: SIGTERM sent, the container has not exited yet
        } else if (t.last == TaskStatus.PENDING && !now.isBefore(t.runAt)) {
          if (failing.contains(t.deployment)) {
            t.last = TaskStatus.STOPPED;
            t.desired = DesiredStatus.STOPPED;
            t.stopCode = TaskStopCode.TASKFAILEDTOSTART;
            t.stoppedAt = now;
          } else {
            t.last = TaskStatus.RUNNING;
            t.startedAt = now;
            t.alive = true;
          }
        } else if (t.last == TaskStatus.RUNNING && healthChecks(t.deployment)) {
          t.health = HealthStatus.HEALTHY;
        }
      }
    }
  }

  /**
   * A cut-off agent of an at-most-desired service: once its lease runs out it stops its tasks,
   * which are dead by the agent's default stopTimeout later in the worst case. The lease is what the
   * server grants (fenceLeaseMillis: the TTL plus half the fencing margin), counted here from
   * the server's last sight of the agent, the latest the real agent's count (from its send) can
   * start.
   */
  private void enforceLease(Host h) {
    Instant leaseEnd = h.lastSeen.plus(SETTINGS.livenessTtl()).plus(SETTINGS.fencingMargin().dividedBy(2));
    if (!spec.deploymentConfiguration().atMostDesired() || now.isBefore(leaseEnd)) {
      return;
    }
    tasksOn(h).stream().filter(t -> t.alive && t.leaseKillAt == null).forEach(t -> t.leaseKillAt = leaseEnd.plus(h.stopTimeout));
  }

  private boolean healthChecks(String deployment) {
    return spec.deployments().stream().anyMatch(d -> d.id().equals(deployment) && d.healthChecks());
  }

  List<SimTask> tasksOn(Host h) {
    return tasks.values().stream().filter(t -> t.host.equals(h.id)).toList();
  }

  ClusterSnapshot snapshot() {
    List<InstanceView> views = new ArrayList<>();
    for (Host h : hosts.values()) {
      List<SimTask> on = tasksOn(h).stream().filter(t -> t.last != TaskStatus.STOPPED).toList();
      boolean connected = now.isBefore(h.lastSeen.plus(SETTINGS.livenessTtl()));
      views.add(new InstanceView(h.arn(), "i-" + h.id, h.status, connected, "1.80.0", Optional.empty(),
          4096 - 256 * on.size(), 8192 - 256 * on.size(), Set.of(), Set.of(), h.attributes, on.size(),
          Map.of(spec.group(), on.size())));
    }
    return new ClusterSnapshot(views);
  }

  Plan reconcile() {
    ClusterSnapshot snapshot = snapshot();
    Map<String, Instant> seen = new HashMap<>();
    hosts.values().forEach(h -> seen.put(h.arn(), h.lastSeen));
    Plan plan = reconciler.reconcile(spec, tasks.values().stream().map(SimTask::observed).toList(), snapshot,
        new AgentLiveness(seen), now, random);
    for (TaskStop s : plan.stops()) {
      SimTask t = tasks.get(s.taskArn());
      t.desired = DesiredStatus.STOPPED;
      t.stopCode = s.stopCode();
    }
    List<StartResult> results = new ArrayList<>();
    for (TaskStart start : plan.starts()) {
      PlacementResult placed = start.place(snapshot, random);
      List<String> arns = new ArrayList<>();
      for (PlacementResult.Placement p : placed.placements()) {
        String arn = Fixtures.taskArn(String.format("t%05d", ++taskSeq));
        String host = ServiceEvents.lastSegment(p.containerInstanceArn());
        tasks.put(arn, new SimTask(arn, start.deploymentId(), host, now, world));
        arns.add(arn);
      }
      results.add(new StartResult(start, placed, arns));
    }
    Plan after = reconciler.placed(spec, plan, results, now, random);
    spec = with(spec, after.deploymentsToKeep(), spec.desiredCount(), after.schedulerState(), after.status());
    trace.add(after);
    return after;
  }

  static ServiceSpec with(ServiceSpec s, List<DeploymentSpec> deployments, int desired, SchedulerState state,
      ServiceStatus status) {
    return new ServiceSpec(s.serviceArn(), s.serviceName(), s.schedulingStrategy(), status, desired, deployments,
        s.deploymentConfiguration(), s.placementConstraints(), s.placementStrategy(), s.healthCheckGracePeriod(), state);
  }

  // --- what the properties look at ---

  int maximumTasks() {
    return spec.deploymentConfiguration().maximumTasks(desiredCount());
  }

  int minimumHealthy() {
    return spec.deploymentConfiguration().minimumHealthy(desiredCount());
  }

  int desiredCount() {
    return trace.isEmpty() ? spec.desiredCount() : trace.getLast().desiredCount();
  }

  /** Tasks the store shows as not STOPPED on instances whose agents are connected. */
  long notStopped() {
    return tasks.values().stream().filter(t -> t.last != TaskStatus.STOPPED && !hosts.get(t.host).partitioned).count();
  }

  /** Tasks whose containers really run, anywhere. */
  long alive() {
    return tasks.values().stream().filter(t -> t.alive).count();
  }

  /** RUNNING, meant to run, and settled (or HEALTHY with health checks), on a reachable agent. */
  long healthy() {
    return tasks.values().stream().filter(t -> t.last == TaskStatus.RUNNING && t.desired == DesiredStatus.RUNNING
        && !hosts.get(t.host).partitioned
        && (healthChecks(t.deployment) ? t.health == HealthStatus.HEALTHY
            : !now.isBefore(t.startedAt.plus(SETTINGS.settleTime())))).count();
  }

  DeploymentSpec primary() {
    return spec.primary();
  }

  List<SimTask> running() {
    return tasks.values().stream().filter(t -> t.last != TaskStatus.STOPPED).toList();
  }
}
