package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.LaunchType;
import dev.gantry.model.PropagateTags;
import dev.gantry.model.Resource;
import dev.gantry.model.Service;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementResult;
import dev.gantry.reconcile.AgentLiveness;
import dev.gantry.reconcile.ObservedTask;
import dev.gantry.reconcile.Plan;
import dev.gantry.reconcile.ServiceReconciler;
import dev.gantry.reconcile.ServiceSpec;
import dev.gantry.reconcile.StartResult;
import dev.gantry.reconcile.TaskStart;
import dev.gantry.reconcile.TaskStop;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One reconcile pass over the services of one cluster: the synchronous heart of
 * {@link ServiceController}, testable with a fake clock.
 *
 * <p>Per service, in name order: read the stored service, the cluster's registered instances and
 * its tasks; build the {@link ServiceSpec}, the service's tasks (STOPPED ones included while
 * stored), the {@link ClusterSnapshot} and the agents' liveness; let the pure
 * {@link ServiceReconciler} decide; place its starts one after another on the snapshot (each
 * sees the previous ones' placements); and commit everything in ONE store transaction: the
 * service (guarded by its mod-revision), the new tasks (guarded absent), the instances they take
 * resources from and the stopped tasks (guarded unchanged), through the same {@link TaskCommit}
 * RunTask uses. A lost race runs the service's attempt again on fresh reads
 * ({@link ConflictRetry}). Each service reads the cluster afresh, so it sees what the services
 * before it placed.
 *
 * <p>Tasks are made as RunTask makes them ({@link TaskLaunch}): no overrides, group
 * {@code service:<name>}, startedBy the deployment id, tags per the service's propagateTags
 * (and ECS's managed tags when enabled).
 */
final class ServiceScheduler {
  private static final System.Logger LOG = System.getLogger(ServiceScheduler.class.getName());
  /** When to try again after a service could not be written (every attempt lost its race, or it failed). */
  static final Duration RETRY = Duration.ofSeconds(1);

  private final StateStore store;
  private final ArnFormat arns;
  private final ServiceReconciler reconciler;
  private final Clock clock;
  private final RandomGenerator random;
  private final ServiceController.LastSeen lastSeen;
  private final Instant startedAt;
  private final ServicePassTimer passTimer = new ServicePassTimer();

  /**
   * {@code startedAt}: when this server started; an agent it has not heard from counts as seen
   * then, so a restarted server gives every agent a full liveness TTL before replacing its tasks.
   */
  ServiceScheduler(StateStore store, ArnFormat arns, ServiceReconciler reconciler, Clock clock,
      RandomGenerator random, ServiceController.LastSeen lastSeen, Instant startedAt) {
    this.store = store;
    this.arns = arns;
    this.reconciler = reconciler;
    this.clock = clock;
    this.random = random;
    this.lastSeen = lastSeen;
    this.startedAt = startedAt;
  }

  /** Reconciles every service of {@code cluster} that is not INACTIVE; the earliest time to come back. */
  Optional<Instant> reconcile(String cluster) {
    Optional<Instant> wake = Optional.empty();
    for (String name : serviceNames(cluster)) {
      Optional<Instant> w;
      long t0 = System.nanoTime();
      try {
        w = ConflictRetry.run(store, () -> attempt(cluster, name), () -> {
          LOG.log(Level.INFO, "service " + name + " of cluster " + cluster + ": lost every write race; trying again");
          return Optional.of(clock.instant().plus(RETRY));
        });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "service " + name + " of cluster " + cluster + " could not be reconciled", e);
        w = Optional.of(clock.instant().plus(RETRY));
      }
      passTimer.record(System.nanoTime() - t0);
      wake = earliest(wake, w);
    }
    return wake;
  }

  /** How long reconciling each of the latest services took. */
  ServiceController.PassTimes passTimes() {
    return passTimer.snapshot();
  }

  private List<String> serviceNames(String cluster) {
    String prefix = Keys.services(cluster);
    return store.range(Range.prefix(prefix)).kvs().stream().map(kv -> kv.key().substring(prefix.length())).toList();
  }

  /** What one cluster looks like for one attempt. */
  private record ClusterState(Cluster cluster, Map<String, Records.Versioned<ContainerInstance>> instances,
      Map<String, Records.Versioned<Task>> tasks) {}

  private ClusterState read(String clusterName) {
    Cluster cluster = Records.get(store, Keys.cluster(clusterName), Cluster.class).map(Records.Versioned::value)
        .orElse(null);
    Map<String, Records.Versioned<ContainerInstance>> instances = new LinkedHashMap<>();
    for (Records.Versioned<ContainerInstance> v : ContainerInstances.all(store, clusterName)) {
      if (!ContainerInstances.isDeregistered(v.value())) {
        instances.put(v.value().containerInstanceArn(), v);
      }
    }
    Map<String, Records.Versioned<Task>> tasks = new LinkedHashMap<>();
    for (Records.Versioned<Task> v : Records.all(store, Keys.tasks(clusterName), Task.class)) {
      tasks.put(v.value().taskArn(), v);
    }
    return new ClusterState(cluster, instances, tasks);
  }

  private ConflictRetry.Plan<Optional<Instant>> attempt(String clusterName, String name) {
    Instant now = clock.instant();
    Optional<Records.Versioned<StoredService>> found = Services.find(store, clusterName, name);
    if (found.isEmpty() || Services.INACTIVE.equals(found.get().value().status())) {
      return ConflictRetry.Plan.noWrite(Optional.empty());
    }
    Records.Versioned<StoredService> stored = found.get();
    Map<String, Optional<StoredTaskDefinition>> definitions = new HashMap<>();
    ServiceSpec spec = switch (ServiceSpecs.spec(stored.value(), arn -> definition(definitions, arn)
        .map(StoredTaskDefinition::taskDefinition))) {
      case ServiceSpecs.Spec s -> s.spec();
      case ServiceSpecs.Unreadable u -> {
        LOG.log(Level.WARNING, "service " + name + " of cluster " + clusterName + " is not scheduled: " + u.reason());
        yield null;
      }
    };
    ClusterState state = read(clusterName);
    if (spec == null || state.cluster() == null) {
      return ConflictRetry.Plan.noWrite(Optional.empty());
    }
    List<ObservedTask> observed = state.tasks().values().stream().map(Records.Versioned::value)
        .filter(t -> spec.group().equals(t.group())).map(ObservedTask::from).toList();
    AgentLiveness liveness = liveness(clusterName, state);
    Snapshot snapshot = new Snapshot(state, InstanceViews.holdings(store, clusterName, true), liveness,
        now.minus(reconciler.settings().livenessTtl()));
    Plan plan = reconciler.reconcile(spec, observed, snapshot.current(), liveness, now, random);

    TaskCommit commit = new TaskCommit(clusterName, arns, random, now);
    for (TaskStop stop : plan.stops()) {
      Records.Versioned<Task> task = state.tasks().get(stop.taskArn());
      if (task != null) {
        commit.stop(task, TaskTransitions.apply(task.value(),
            new TaskTransitions.SchedulerStop(stop.stoppedReason(), stop.stopCode(), now)),
            Optional.ofNullable(state.instances().get(task.value().containerInstanceArn())),
            demand(definitions, task.value()));
      }
    }
    List<StartResult> results = new ArrayList<>();
    for (TaskStart start : plan.starts()) {
      results.add(start(start, stored.value().service(), state, snapshot, commit, definitions));
    }
    Plan placed = reconciler.placed(spec, plan, results, now, random);
    byte[] next = JsonCodec.encode(ServiceSpecs.applied(stored.value(), placed, now));
    // compared as read back: JSON numbers (the scheduler state's times) come back as other node types
    if (commit.isEmpty() && JsonCodec.decode(next, StoredService.class).equals(stored.value())) {
      return ConflictRetry.Plan.noWrite(placed.wakeAt());
    }
    List<Compare> guards = new ArrayList<>(List.of(Compare.unchanged(stored.kv())));
    List<Op> ops = new ArrayList<>(List.of(new Op.Put(stored.kv().key(), next, stored.kv().lease())));
    commit.appendTo(guards, ops);
    return ConflictRetry.Plan.write(new Txn(List.copyOf(guards), List.copyOf(ops)), placed.wakeAt());
  }

  /** Places one start on the snapshot and adds its tasks to the commit. */
  private StartResult start(TaskStart start, Service service, ClusterState state, Snapshot snapshot,
      TaskCommit commit, Map<String, Optional<StoredTaskDefinition>> definitions) {
    Optional<StoredTaskDefinition> definition = definition(definitions, start.taskDefinition());
    PlacementResult result = start.place(snapshot.current(), random);
    if (definition.isEmpty()) {
      return new StartResult(start, result, List.of());
    }
    TaskLaunch launch = launch(state.cluster(), service, definition.get(), start.deploymentId());
    List<String> taskArns = new ArrayList<>();
    for (PlacementResult.Placement p : result.placements()) {
      Records.Versioned<ContainerInstance> instance = state.instances().get(p.containerInstanceArn());
      List<Resource> after = snapshot.place(p.containerInstanceArn(), launch);
      taskArns.add(commit.add(launch, instance, after).taskArn());
    }
    return new StartResult(start, result, taskArns);
  }

  /** A task of the service's deployment as RunTask would start it, with the tags the service gives its tasks. */
  static TaskLaunch launch(Cluster cluster, Service service, StoredTaskDefinition stored, String deploymentId) {
    TaskDefinition td = stored.taskDefinition();
    TaskOverride overrides = TaskOverrides.normalize(null, td);
    List<Tag> tags = switch (service.propagateTags() == null ? PropagateTags.NONE : service.propagateTags()) {
      case SERVICE -> Members.orEmpty(service.tags());
      case TASK_DEFINITION -> stored.tags();
      default -> List.of();
    };
    if (Boolean.TRUE.equals(service.enableECSManagedTags())) {
      tags = TagRules.merged(tags, List.of(new Tag("aws:ecs:clusterName", cluster.clusterName()),
          new Tag("aws:ecs:serviceName", service.serviceName())));
    }
    return new TaskLaunch(cluster.clusterName(), cluster.clusterArn(), td, overrides, TaskDemand.of(td, overrides),
        ServiceTaskCounts.group(service.serviceName()), deploymentId, List.copyOf(tags),
        service.launchType() == null ? LaunchType.EC2 : service.launchType(),
        Boolean.TRUE.equals(service.enableExecuteCommand()));
  }

  private AgentLiveness liveness(String cluster, ClusterState state) {
    Map<String, Instant> seen = new HashMap<>();
    for (Records.Versioned<ContainerInstance> v : state.instances().values()) {
      ContainerInstance ci = v.value();
      // an instance registered but not yet polling (its agent is still starting) gets its full
      // TTL from registration: counting from this server's start would take it for lost and place
      // nothing there, piling a new service onto the agents that happened to poll first
      Instant at = lastSeen.lastSeen(cluster, ContainerInstances.id(ci)).orElse(startedAt);
      if (ci.registeredAt() != null && ci.registeredAt().isAfter(at)) {
        at = ci.registeredAt();
      }
      seen.put(ci.containerInstanceArn(), at.isBefore(startedAt) ? startedAt : at);
    }
    return new AgentLiveness(seen);
  }

  private Optional<StoredTaskDefinition> definition(Map<String, Optional<StoredTaskDefinition>> cache, String arn) {
    return cache.computeIfAbsent(String.valueOf(arn), a -> EcsArn.parse(a)
        .filter(EcsArn.TaskDefinition.class::isInstance).map(EcsArn.TaskDefinition.class::cast)
        .flatMap(td -> TaskDefinitionLookup.revision(store, td.family(), td.revision()))
        .map(Records.Versioned::value));
  }

  /** What a task holds on its instance, computed as at placement (nothing if its revision is gone). */
  private TaskDemand demand(Map<String, Optional<StoredTaskDefinition>> cache, Task task) {
    return definition(cache, task.taskDefinitionArn())
        .map(d -> TaskDemand.of(d.taskDefinition(), task.overrides()))
        .orElse(TaskDemand.NONE);
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isBefore(a.get()) ? b : a;
  }

  /**
   * The cluster's instances as the placement engine sees them, kept current as this pass places
   * tasks: each placement takes its resources and counts in its group on the chosen instance.
   */
  private static final class Snapshot {
    private final Map<String, ContainerInstance> instances = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> groups = new HashMap<>();
    private final Map<String, Integer> dynamicPorts = new HashMap<>();

    /**
     * An instance whose agent has not been heard from since {@code silentSince} shows
     * disconnected, whatever its record says yet: the liveness controller may not have marked
     * it, and the scheduler must not place the replacements of its tasks back on it.
     */
    Snapshot(ClusterState state, InstanceViews.Holdings held, AgentLiveness liveness, Instant silentSince) {
      state.instances().forEach((arn, v) -> {
        boolean silent = liveness.lastSeen(arn).map(t -> !t.isAfter(silentSince)).orElse(false);
        instances.put(arn, silent ? v.value().toBuilder().agentConnected(false).build() : v.value());
        groups.put(arn, new HashMap<>(held.groupsOf(arn)));
        dynamicPorts.put(arn, held.dynamicPortsOf(arn));
      });
    }

    ClusterSnapshot current() {
      List<InstanceView> views = new ArrayList<>(instances.size());
      instances.forEach((arn, ci) -> views.add(InstanceViews.of(ci, Map.copyOf(groups.get(arn)),
          dynamicPorts.get(arn))));
      return new ClusterSnapshot(views);
    }

    /** Takes one task of {@code launch} on the instance; its remaining resources after. */
    List<Resource> place(String arn, TaskLaunch launch) {
      ContainerInstance ci = instances.get(arn);
      List<Resource> after = ResourceFit.consume(Members.orEmpty(ci.remainingResources()), launch.demand());
      instances.put(arn, ci.toBuilder().remainingResources(after)
          .runningTasksCount((ci.runningTasksCount() == null ? 0 : ci.runningTasksCount()) + 1).build());
      groups.get(arn).merge(launch.group(), 1, Integer::sum);
      dynamicPorts.merge(arn, launch.demand().dynamicPorts(), Integer::sum);
      return after;
    }
  }
}
