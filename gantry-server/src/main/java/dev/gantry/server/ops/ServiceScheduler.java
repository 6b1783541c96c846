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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One reconcile pass over the services of one cluster: the synchronous heart of
 * {@link ServiceController}, testable with a fake clock.
 *
 * <p>Per service, in name order: read the stored service, then take the cluster's registered
 * instances, their views (task groups and dynamic host ports held) and the service's own tasks
 * (STOPPED ones included while stored) from the cluster's {@link PlacementCache}, as of at least
 * the store's revision after the service was read; build the {@link ServiceSpec}, the
 * {@link ClusterSnapshot} and the agents' liveness; let the pure {@link ServiceReconciler}
 * decide; place its starts one after another on the snapshot (each sees the previous ones'
 * placements); and commit everything in ONE store transaction: the service (guarded by its
 * mod-revision), the new tasks (guarded absent), the instances they take resources from and the
 * stopped tasks (guarded unchanged), through the same {@link TaskCommit} RunTask uses. A pass
 * thus costs what the service touches, not the cluster: no other task record is read or decoded.
 * A cache that is behind costs a lost race, never a wrong write: the guards fail and the
 * attempt runs again ({@link ConflictRetry}) on a snapshot that includes the write that won.
 * Each service's snapshot is taken after the previous service's commit, so it sees what the
 * services before it placed.
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
  private final PlacementCaches caches;

  /**
   * {@code startedAt}: when this server started; an agent it has not heard from counts as seen
   * then, so a restarted server gives every agent a full liveness TTL before replacing its tasks.
   */
  ServiceScheduler(StateStore store, ArnFormat arns, ServiceReconciler reconciler, Clock clock,
      RandomGenerator random, ServiceController.LastSeen lastSeen, Instant startedAt) {
    this(store, arns, reconciler, clock, random, lastSeen, startedAt, new PlacementCaches(store));
  }

  /** As above, reading the clusters through {@code caches}. */
  ServiceScheduler(StateStore store, ArnFormat arns, ServiceReconciler reconciler, Clock clock,
      RandomGenerator random, ServiceController.LastSeen lastSeen, Instant startedAt, PlacementCaches caches) {
    this.store = store;
    this.arns = arns;
    this.reconciler = reconciler;
    this.clock = clock;
    this.random = random;
    this.lastSeen = lastSeen;
    this.startedAt = startedAt;
    this.caches = caches;
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
    Optional<Cluster> cluster = Records.get(store, Keys.cluster(clusterName), Cluster.class)
        .map(Records.Versioned::value);
    if (spec == null || cluster.isEmpty()) {
      return ConflictRetry.Plan.noWrite(Optional.empty());
    }
    // at least as new as the service just read, so it holds the tasks the service's last write made
    PlacementCache.Snapshot read = caches.of(clusterName).snapshot(store.revision(), spec.group());
    Map<String, Records.Versioned<Task>> tasks = new LinkedHashMap<>();
    read.groupTasks().forEach(v -> tasks.put(v.value().taskArn(), v));
    List<ObservedTask> observed = tasks.values().stream().map(v -> ObservedTask.from(v.value())).toList();
    AgentLiveness liveness = liveness(clusterName, read);
    Snapshot snapshot = new Snapshot(read, liveness, now.minus(reconciler.settings().livenessTtl()));
    Plan plan = reconciler.reconcile(spec, observed, snapshot.current(), liveness, now, random);

    TaskCommit commit = new TaskCommit(clusterName, arns, random, now);
    for (TaskStop stop : plan.stops()) {
      Records.Versioned<Task> task = tasks.get(stop.taskArn());
      if (task != null) {
        commit.stop(task, TaskTransitions.apply(task.value(),
            new TaskTransitions.SchedulerStop(stop.stoppedReason(), stop.stopCode(), now)),
            read.instance(String.valueOf(task.value().containerInstanceArn())), demand(definitions, task.value()));
      }
    }
    List<StartResult> results = new ArrayList<>();
    for (TaskStart start : plan.starts()) {
      results.add(start(start, stored.value().service(), cluster.get(), snapshot, commit, definitions));
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
  private StartResult start(TaskStart start, Service service, Cluster cluster, Snapshot snapshot,
      TaskCommit commit, Map<String, Optional<StoredTaskDefinition>> definitions) {
    Optional<StoredTaskDefinition> definition = definition(definitions, start.taskDefinition());
    PlacementResult result = start.place(snapshot.current(), random);
    if (definition.isEmpty()) {
      return new StartResult(start, result, List.of());
    }
    TaskLaunch launch = launch(cluster, service, definition.get(), start.deploymentId());
    List<String> taskArns = new ArrayList<>();
    for (PlacementResult.Placement p : result.placements()) {
      Records.Versioned<ContainerInstance> instance = snapshot.read(p.containerInstanceArn());
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

  private AgentLiveness liveness(String cluster, PlacementCache.Snapshot read) {
    Map<String, Instant> seen = new HashMap<>(read.instances().size() * 2);
    for (Records.Versioned<ContainerInstance> v : read.instances()) {
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
   * tasks: each placement takes its resources, counts in its group and holds its dynamic ports
   * on the chosen instance. Starts from the cache's views and replaces only the views of
   * instances this pass changes or takes for silent, so a pass does not rebuild every view.
   */
  private static final class Snapshot {
    private final PlacementCache.Snapshot read;
    private final List<InstanceView> views;
    private final Map<String, ContainerInstance> placedOn = new HashMap<>();
    private final Set<String> silent = new HashSet<>();

    /**
     * An instance whose agent has not been heard from since {@code silentSince} shows
     * disconnected, whatever its record says yet: the liveness controller may not have marked
     * it, and the scheduler must not place the replacements of its tasks back on it.
     */
    Snapshot(PlacementCache.Snapshot read, AgentLiveness liveness, Instant silentSince) {
      this.read = read;
      this.views = new ArrayList<>(read.views());
      for (int i = 0; i < views.size(); i++) {
        InstanceView v = views.get(i);
        String arn = v.containerInstanceArn();
        if (liveness.lastSeen(arn).map(t -> !t.isAfter(silentSince)).orElse(false)) {
          silent.add(arn);
          if (v.agentConnected()) {
            views.set(i, view(read.instances().get(i).value(), v.tasksByGroup(), v.dynamicPortsHeld()));
          }
        }
      }
    }

    ClusterSnapshot current() {
      return new ClusterSnapshot(List.copyOf(views));
    }

    /** The registered instance as read (the commit guards this version). */
    Records.Versioned<ContainerInstance> read(String arn) {
      return read.instances().get(read.positionByArn().get(arn));
    }

    /** Takes one task of {@code launch} on the instance; its remaining resources after. */
    List<Resource> place(String arn, TaskLaunch launch) {
      int at = read.positionByArn().get(arn);
      ContainerInstance ci = placedOn.getOrDefault(arn, read.instances().get(at).value());
      List<Resource> after = ResourceFit.consume(Members.orEmpty(ci.remainingResources()), launch.demand());
      ContainerInstance next = ci.toBuilder().remainingResources(after)
          .runningTasksCount((ci.runningTasksCount() == null ? 0 : ci.runningTasksCount()) + 1).build();
      placedOn.put(arn, next);
      InstanceView v = views.get(at);
      Map<String, Integer> groups = new HashMap<>(v.tasksByGroup());
      groups.merge(launch.group(), 1, Integer::sum);
      views.set(at, view(next, Map.copyOf(groups), v.dynamicPortsHeld() + launch.demand().dynamicPorts()));
      return after;
    }

    private InstanceView view(ContainerInstance ci, Map<String, Integer> groups, int dynamicPorts) {
      boolean quiet = silent.contains(ci.containerInstanceArn());
      return InstanceViews.of(quiet ? ci.toBuilder().agentConnected(false).build() : ci, groups, dynamicPorts);
    }
  }
}
