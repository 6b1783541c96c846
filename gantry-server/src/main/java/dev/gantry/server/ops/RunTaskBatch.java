package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Failure;
import dev.gantry.model.Resource;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementResult;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Txn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One attempt at placing the RunTask calls that queued up for a cluster while its previous
 * placement committed: each call is decided in turn by the placement engine on the cluster
 * snapshot as the calls before it left it (their tasks counted, their resources taken), and
 * all of them are committed in one store transaction, which costs one durable commit instead
 * of one per call. Every instance a call chose is guarded by a compare on the mod-revision it
 * was read at, so a concurrent writer fails the whole attempt and every call of the batch is
 * decided again on fresh state ({@link ConflictRetry}); a call that is refused (the cluster
 * has no active instance) is answered with its error and does not hold up the others.
 *
 * <p>Dynamic host ports are not part of the instance records: a call that needs some takes what
 * the instances' tasks hold ({@code holdings}, the cache's count, once per attempt) and adds
 * what the calls before it in the batch took.
 */
final class RunTaskBatch {
  /** One RunTask call waiting for its cluster's placement turn; {@code result} completes with its answer. */
  record Call(TaskLaunch launch, PlacementRequest request, CallContext context,
      CompletableFuture<RunTaskResponse> result) {}

  /** How one call of an attempt ended: placed (fully or partly) or refused. */
  sealed interface Outcome {
    record Answered(RunTaskResponse response) implements Outcome {}

    record Refused(EcsException error) implements Outcome {}
  }

  private final ArnFormat arns;
  private final RandomGenerator random;
  private final String clusterName;
  private final List<Records.Versioned<ContainerInstance>> registered;
  private final Map<String, Integer> positionByArn;
  private final Map<String, ContainerInstance> changed = new LinkedHashMap<>();
  private final List<InstanceView> views;
  private final TaskCommit commit;
  private final Supplier<InstanceViews.Holdings> holdingsSource;
  private final Map<String, Integer> dynamicPortsTaken = new HashMap<>();
  private InstanceViews.Holdings holdings;

  private RunTaskBatch(ArnFormat arns, RandomGenerator random, String clusterName, PlacementCache.Snapshot snapshot,
      Supplier<InstanceViews.Holdings> holdings, Instant now) {
    this.holdingsSource = holdings;
    this.commit = new TaskCommit(clusterName, arns, random, now);
    this.arns = arns;
    this.random = random;
    this.clusterName = clusterName;
    this.registered = snapshot.instances();
    this.positionByArn = snapshot.positionByArn();
    this.views = new ArrayList<>(snapshot.views());
  }

  /** Decides {@code calls} in order on {@code snapshot}; the plan's write commits them all. */
  static ConflictRetry.Plan<List<Outcome>> decide(ArnFormat arns, RandomGenerator random, String clusterName,
      PlacementCache.Snapshot snapshot, List<Call> calls, Supplier<InstanceViews.Holdings> holdings) {
    RunTaskBatch batch = new RunTaskBatch(arns, random, clusterName, snapshot, holdings,
        calls.isEmpty() ? Instant.EPOCH : calls.getFirst().context().now());
    List<Outcome> outcomes = new ArrayList<>(calls.size());
    for (Call call : calls) {
      try {
        outcomes.add(new Outcome.Answered(batch.place(call)));
      } catch (EcsException e) {
        outcomes.add(new Outcome.Refused(e));
      }
    }
    return new ConflictRetry.Plan<>(batch.txn(), List.copyOf(outcomes));
  }

  private RunTaskResponse place(Call call) {
    if (registered.stream().noneMatch(v -> ContainerInstances.ACTIVE.equals(v.value().status()))) {
      throw EcsException.invalidParameter(TaskStartHandler.NO_INSTANCES + " Register a container instance (run "
          + "gantry agent) in cluster '" + clusterName + "' first.");
    }
    TaskLaunch launch = call.launch();
    int dynamicPorts = call.request().demand().dynamicPorts();
    PlacementResult result = PlacementEngine.place(call.request(),
        new ClusterSnapshot(dynamicPorts > 0 ? withDynamicPortsHeld() : views), random);
    Map<String, List<Resource>> remaining = new LinkedHashMap<>();
    Map<String, Integer> placedOn = new HashMap<>();
    List<Task> placed = new ArrayList<>();
    for (PlacementResult.Placement p : result.placements()) {
      String arn = p.containerInstanceArn();
      ContainerInstance instance = current(arn);
      List<Resource> after = ResourceFit.consume(remaining.computeIfAbsent(arn,
          a -> Members.orEmpty(instance.remainingResources())), launch.demand());
      remaining.put(arn, after);
      placedOn.merge(arn, 1, Integer::sum);
      placed.add(commit.add(launch, registered.get(positionByArn.get(arn)), after, call.context().now()));
    }
    TaskLifecycle.Bucket bucket = TaskLifecycle.bucket(launch.initialStatus());
    remaining.forEach((arn, after) -> took(arn, InstanceUsage.placed(current(arn), after, placedOn.get(arn), bucket),
        launch.group(), placedOn.get(arn)));
    if (dynamicPorts > 0) {
      placedOn.forEach((arn, n) -> dynamicPortsTaken.merge(arn, n * dynamicPorts, Integer::sum));
    }
    List<Failure> failures = result instanceof PlacementResult.Unplaced u
        ? u.failures().stream().map(f -> Failures.of(f.containerInstanceArn(), f.reason().toString(), u.detail()))
            .toList()
        : List.of();
    return RunTaskResponse.builder().tasks(List.copyOf(placed)).failures(failures).build();
  }

  /** The views with the dynamic host ports each instance's tasks and this batch's earlier calls hold. */
  private List<InstanceView> withDynamicPortsHeld() {
    if (holdings == null) {
      holdings = holdingsSource.get();
    }
    List<InstanceView> out = new ArrayList<>(views.size());
    for (InstanceView v : views) {
      String arn = v.containerInstanceArn();
      int held = holdings.dynamicPortsOf(arn) + dynamicPortsTaken.getOrDefault(arn, 0);
      out.add(new InstanceView(arn, v.ec2InstanceId(), v.status(), v.agentConnected(), v.agentVersion(),
          v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(), v.udpPortsTaken(),
          v.attributes(), v.runningTasksCount(), v.tasksByGroup(), held));
    }
    return out;
  }

  /** The instance as the calls decided so far left it. */
  private ContainerInstance current(String arn) {
    ContainerInstance now = changed.get(arn);
    return now != null ? now : registered.get(positionByArn.get(arn)).value();
  }

  /** Records that {@code n} tasks of {@code group} went to the instance, which is now {@code next}. */
  private void took(String arn, ContainerInstance next, String group, int n) {
    changed.put(arn, next);
    int i = positionByArn.get(arn);
    Map<String, Integer> groups = new HashMap<>(views.get(i).tasksByGroup());
    groups.merge(group, n, Integer::sum);
    views.set(i, InstanceViews.of(next, groups));
  }

  /** New tasks (each key still absent) and changed instances (each unchanged since read), in one write. */
  private Optional<Txn> txn() {
    return commit.txn();
  }
}
