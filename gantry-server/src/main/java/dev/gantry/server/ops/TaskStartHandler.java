package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Failure;
import dev.gantry.model.LaunchType;
import dev.gantry.model.PropagateTags;
import dev.gantry.model.Resource;
import dev.gantry.model.RunTaskRequest;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.StartTaskRequest;
import dev.gantry.model.StartTaskResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.StateStore;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.FailureReason;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementResult;
import dev.gantry.placement.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * RunTask (the placement engine decides, over a snapshot of the cluster's instances and the
 * task groups of their tasks, honouring the task definition's and the call's constraints and
 * the call's strategies) and StartTask (the instances the caller names, each checked by the
 * engine's filters alone). Both end in one store transaction that writes the new Task records and
 * the instances they take resources from, each instance guarded by a compare on the
 * mod-revision it was read at: a concurrent placement that used the same capacity makes the
 * transaction fail, and the attempt runs again on fresh state (ConflictRetry), so no instance
 * is ever overcommitted, whichever server replica placed what. Instances that were read but
 * not chosen need no guard: a placement is correct as of the read.
 *
 * <p>RunTask reads the cluster from its {@link PlacementCache} rather than the store, and the
 * RunTask calls that queue up for one cluster while another is being committed are decided
 * one after the other and committed together ({@link RunTaskBatch}), so a busy cluster pays
 * one durable commit per batch rather than per call.
 */
final class TaskStartHandler {
  static final int MAX_COUNT = 10;
  /** RunTask calls of one cluster placed and committed together at most (a transaction of ~20 writes each). */
  static final int MAX_BATCH = 32;
  static final int MAX_START_INSTANCES = 10;
  static final int MAX_GROUP = 255;
  static final String NO_INSTANCES = "No Container Instances were found in your cluster.";
  private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9/_-]{1,128}");

  private final StateStore store;
  private final ArnFormat arns;
  private final RandomGenerator random;
  private final ClusterLocks locks;
  private final PlacementCaches caches;
  private final Map<String, Queue<RunTaskBatch.Call>> queues = new ConcurrentHashMap<>();

  TaskStartHandler(StateStore store, ArnFormat arns, RandomGenerator random, ClusterLocks locks) {
    this.store = store;
    this.arns = arns;
    this.random = random;
    this.locks = locks;
    this.caches = new PlacementCaches(store);
  }

  RunTaskResponse run(RunTaskRequest r, CallContext context) {
    int count = r.count() == null ? 1 : r.count();
    if (count < 1 || count > MAX_COUNT) {
      throw EcsException.invalidParameter("count " + count + " is out of range: RunTask starts 1 to " + MAX_COUNT
          + " tasks per call.");
    }
    if (!Members.orEmpty(r.capacityProviderStrategy()).isEmpty()) {
      throw EcsException.invalidParameter("capacityProviderStrategy is not supported: Gantry clusters have no "
          + "capacity providers; omit it (or give launchType EC2 or EXTERNAL).");
    }
    PlacementRules.constraints(List.of(), r.placementConstraints());
    List<Strategy> strategies = PlacementRules.strategies(r.placementStrategy());
    TaskLaunch launch = launch(r.cluster(), r.taskDefinition(), r.overrides(), r.group(), r.startedBy(), r.tags(),
        r.propagateTags(), r.enableECSManagedTags(), launchType(r.launchType()), r.enableExecuteCommand());
    List<Constraint> constraints = PlacementRules.constraints(launch.definition().placementConstraints(),
        r.placementConstraints());
    PlacementRequest request = request(launch, count).withConstraints(constraints).withStrategies(strategies);
    RunTaskBatch.Call call = new RunTaskBatch.Call(launch, request, context, new CompletableFuture<>());
    String cluster = launch.clusterName();
    Queue<RunTaskBatch.Call> queue = queues.computeIfAbsent(cluster, c -> new ConcurrentLinkedQueue<>());
    queue.add(call);
    // whoever holds the cluster's lock places every call queued by then; ours is answered by the time we hold it
    while (!call.result().isDone()) {
      locks.withLock(cluster, () -> placeQueued(cluster, queue));
    }
    try {
      return call.result().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * Places the calls queued for the cluster (at most {@link #MAX_BATCH}) as one
   * {@link RunTaskBatch}, on a snapshot from the cluster's {@link PlacementCache} as of at least
   * the store's revision when the attempt began: after a lost race, that includes the write that
   * won it. Called under the cluster's lock.
   */
  private Void placeQueued(String cluster, Queue<RunTaskBatch.Call> queue) {
    List<RunTaskBatch.Call> calls = new ArrayList<>();
    for (RunTaskBatch.Call c; calls.size() < MAX_BATCH && (c = queue.poll()) != null; ) {
      calls.add(c);
    }
    if (calls.isEmpty()) {
      return null;
    }
    try {
      List<RunTaskBatch.Outcome> outcomes = ConflictRetry.run(store, "run tasks in cluster " + cluster,
          () -> {
            PlacementCache.Snapshot snapshot = caches.of(cluster).snapshot(store.revision());
            return RunTaskBatch.decide(arns, random, cluster, snapshot, calls, snapshot::holdings);
          });
      for (int i = 0; i < calls.size(); i++) {
        CompletableFuture<RunTaskResponse> result = calls.get(i).result();
        switch (outcomes.get(i)) {
          case RunTaskBatch.Outcome.Answered a -> result.complete(a.response());
          case RunTaskBatch.Outcome.Refused r -> result.completeExceptionally(r.error());
        }
      }
    } catch (RuntimeException e) {
      calls.forEach(c -> c.result().completeExceptionally(e));
    }
    return null;
  }

  /** The engine's request for {@code count} tasks of the launch, without constraints or strategies. */
  private static PlacementRequest request(TaskLaunch launch, int count) {
    TaskDefinition d = launch.definition();
    Optional<String> os = Optional.ofNullable(d.runtimePlatform())
        .map(p -> p.operatingSystemFamily())
        .map(Object::toString);
    return new PlacementRequest(launch.group(), count, TaskDemand.forPlacement(d, launch.overrides()), os,
        Members.orEmpty(d.requiresAttributes()), List.of(), List.of());
  }

  StartTaskResponse start(StartTaskRequest r, CallContext context) {
    List<String> refs = r.containerInstances();
    if (refs == null || refs.isEmpty() || refs.size() > MAX_START_INSTANCES) {
      throw EcsException.invalidParameter("containerInstances must list 1 to " + MAX_START_INSTANCES
          + " container instance ids or ARNs; got " + (refs == null ? 0 : refs.size()) + ".");
    }
    TaskLaunch launch = launch(r.cluster(), r.taskDefinition(), r.overrides(), r.group(), r.startedBy(), r.tags(),
        r.propagateTags(), r.enableECSManagedTags(), LaunchType.EC2, r.enableExecuteCommand());
    return locks.withLock(launch.clusterName(), () -> ConflictRetry.run(store, "start tasks in cluster "
        + launch.clusterName(), () -> placeExplicitly(launch, refs, context)));
  }

  private ConflictRetry.Plan<StartTaskResponse> placeExplicitly(TaskLaunch launch, List<String> refs,
      CallContext context) {
    String cluster = launch.clusterName();
    Map<String, Records.Versioned<ContainerInstance>> read = new LinkedHashMap<>();
    Map<String, List<Resource>> remaining = new LinkedHashMap<>();
    TaskCommit commit = new TaskCommit(launch.clusterName(), arns, random, context.now());
    List<Failure> failures = new ArrayList<>();
    // the ports the named instances' tasks hold; only a task with dynamic ports needs them
    InstanceViews.Holdings held = launch.demand().dynamicPorts() > 0 ? InstanceViews.holdings(store, cluster, true)
        : InstanceViews.Holdings.NONE;
    Map<String, Integer> dynamicPorts = new HashMap<>();
    for (String ref : refs) {
      Optional<Records.Versioned<ContainerInstance>> found = ContainerInstances.find(store, cluster, ref);
      if (found.isEmpty()) {
        failures.add(Failures.of(ContainerInstances.failureArn(arns, cluster, ref), Failures.MISSING,
            "not found in cluster " + cluster));
        continue;
      }
      if (ContainerInstances.isDeregistered(found.get().value())) {
        // ECS's reason for an instance that was deregistered: it is known, but cannot be used
        failures.add(Failures.of(found.get().value().containerInstanceArn(), FailureReason.INACTIVE.toString(),
            "deregistered from cluster " + cluster));
        continue;
      }
      ContainerInstance instance = found.get().value();
      String arn = instance.containerInstanceArn();
      read.putIfAbsent(arn, found.get());
      List<Resource> left = remaining.computeIfAbsent(arn, a -> Members.orEmpty(instance.remainingResources()));
      // the engine's filters over this one instance: no constraints or strategies, as StartTask names the instance
      int portsHeld = dynamicPorts.computeIfAbsent(arn, held::dynamicPortsOf);
      InstanceView view = InstanceViews.of(instance.toBuilder().remainingResources(left).build(), Map.of(), portsHeld);
      if (PlacementEngine.place(request(launch, 1), new ClusterSnapshot(List.of(view)), random)
          instanceof PlacementResult.Unplaced u) {
        failures.add(Failures.of(arn, u.failures().get(0).reason().toString(), u.detail()));
        continue;
      }
      List<Resource> after = ResourceFit.consume(left, launch.demand());
      remaining.put(arn, after);
      dynamicPorts.put(arn, portsHeld + launch.demand().dynamicPorts());
      commit.add(launch, read.get(arn), after);
    }
    StartTaskResponse response = StartTaskResponse.builder().tasks(commit.tasks()).failures(failures).build();
    return new ConflictRetry.Plan<>(commit.txn(), response);
  }

  private static LaunchType launchType(LaunchType requested) {
    if (requested == null || requested == LaunchType.EC2 || requested == LaunchType.EXTERNAL) {
      return requested == null ? LaunchType.EC2 : requested;
    }
    throw EcsException.invalidParameter("launchType " + requested + " is not supported: Gantry runs tasks on "
        + "registered container instances; use EC2 or EXTERNAL.");
  }

  /** The members RunTask and StartTask share, checked, with the cluster and the task definition they name. */
  private TaskLaunch launch(String clusterRef, String taskDefinitionRef, TaskOverride overrides, String group,
      String startedBy, List<Tag> tags, PropagateTags propagate, Boolean managedTags, LaunchType launchType,
      Boolean enableExecuteCommand) {
    if (startedBy != null && !STARTED_BY.matcher(startedBy).matches()) {
      throw EcsException.invalidParameter("startedBy '" + startedBy + "' is not valid: use 1 to 128 letters, "
          + "numbers, hyphens, forward slashes and underscores.");
    }
    if (group != null && (group.isEmpty() || group.length() > MAX_GROUP || group.chars().anyMatch(Character::isWhitespace))) {
      throw EcsException.invalidParameter("group '" + group + "' is not valid: give 1 to " + MAX_GROUP
          + " characters without spaces (the default is family:<family>).");
    }
    if (propagate == PropagateTags.SERVICE) {
      throw EcsException.invalidParameter("propagateTags SERVICE applies only to tasks a service starts; use "
          + "TASK_DEFINITION or NONE.");
    }
    List<Tag> userTags = TagRules.check(tags);
    Cluster cluster = Clusters.requireActive(store, clusterRef).value();
    StoredTaskDefinition stored = TaskDefinitionLookup.requireActive(store, taskDefinitionRef);
    TaskDefinition definition = stored.taskDefinition();
    TaskOverride normalized = TaskOverrides.normalize(overrides, definition);
    List<Tag> allTags = propagate == PropagateTags.TASK_DEFINITION ? TagRules.merged(stored.tags(), userTags) : userTags;
    if (Boolean.TRUE.equals(managedTags)) {
      allTags = new ArrayList<>(allTags);
      allTags.add(new Tag("aws:ecs:clusterName", cluster.clusterName()));
    }
    return new TaskLaunch(cluster.clusterName(), cluster.clusterArn(), definition, normalized,
        TaskDemand.of(definition, normalized), group != null ? group : "family:" + definition.family(), startedBy,
        List.copyOf(allTags), launchType, Boolean.TRUE.equals(enableExecuteCommand));
  }
}
