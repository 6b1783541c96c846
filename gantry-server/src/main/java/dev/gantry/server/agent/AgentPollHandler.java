package dev.gantry.server.agent;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Service;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.arn.ClusterRef;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.model.arn.TaskDefinitionRef;
import dev.gantry.reconcile.DeploymentConfig;
import dev.gantry.server.agent.Heartbeats.InstanceRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code POST /v1/agent/poll}: an agent (root, or the agent key of that very instance) asks
 * for its instance's desired task set, saying which manifest revision it has applied. The
 * answer is at once when the instance's manifest revision differs; otherwise the request is
 * held (on its own virtual thread) until the set changes or {@code hold} (a third of the
 * liveness TTL) has passed, and then answered with the revision unchanged. Every answer carries
 * the whole set: each member task as stored, with its resolved task definition (absent only when
 * the revision was deleted). Each poll is also the instance's heartbeat.
 *
 * <p>Fencing lease: an agent stops its fenced tasks once no poll it sent within
 * {@code fenceLeaseMillis} (the TTL plus half the scheduler's fencing margin) has been answered.
 * A healthy agent renews it with room to spare: an answered poll comes back within the hold,
 * so the next answer arrives within two holds (2/3 TTL) plus two round trips. It is still safe:
 * the agent's lease starts at its send, before this server's receipt L, so the agent has stopped
 * its fenced tasks by L + TTL + margin/2 + stopTimeout, while the scheduler replaces them only
 * after L + TTL + stopTimeout + margin (stopTimeout as that agent applies it: a container's own,
 * else the default the agent advertises in {@code gantry.container-stop-timeout}). The agent
 * keeps the lease in its data directory, so a process restarted while cut off still stops them
 * by the same time. A DAEMON service is never fenced: its tasks are never
 * replaced elsewhere, so stopping them would cost availability and buy nothing.
 */
final class AgentPollHandler {
  static final String PATH = "/v1/agent/poll";
  private static final String SERVICE_GROUP = "service:";

  /** {@code appliedRevision} absent or 0: nothing applied yet. */
  record AgentPollRequest(String cluster, String containerInstanceArn, Long appliedRevision) {}

  /**
   * {@code changed}: whether {@code manifestRevision} differs from the applied one (the tasks
   * are the whole set either way). {@code heartbeatIntervalSeconds}: the longest the server
   * holds a poll; the agent polls again as soon as it is answered.
   */
  record AgentPollResponse(long manifestRevision, boolean changed, List<DesiredTask> tasks,
      long heartbeatIntervalSeconds, long livenessTtlSeconds, long fenceLeaseMillis) {}

  /**
   * One member of the set: the task record as stored and its task definition; {@code fenced}
   * true for a task of an at-most-desired service, null (absent) otherwise.
   */
  record DesiredTask(Task task, TaskDefinition taskDefinition, Boolean fenced) {}

  /** The stored service record; only the service itself is read here. */
  private record StoredServiceRecord(Service service) {}

  /** The stored task definition record; only the definition itself is read here. */
  private record StoredRevision(TaskDefinition taskDefinition) {}

  private final StateStore store;
  private final LivenessController liveness;
  private final Function<String, ManifestTracker> trackers;
  private final Duration hold;
  private final Duration ttl;
  private final Duration fenceLease;

  AgentPollHandler(StateStore store, LivenessController liveness, Function<String, ManifestTracker> trackers,
      Duration ttl, Duration fenceSlack) {
    this.store = store;
    this.liveness = liveness;
    this.trackers = trackers;
    this.ttl = ttl;
    this.hold = ttl.dividedBy(3);
    this.fenceLease = ttl.plus(fenceSlack);
  }

  SignedRoute<AgentPollRequest, AgentPollResponse> route() {
    return SignedRoute.agent(PATH, AgentPollRequest.class, this::poll);
  }

  AgentPollResponse poll(AgentPollRequest request, CallContext context) {
    String cluster = ClusterRef.name(request.cluster()).orElseThrow(() -> EcsException.invalidParameter(
        "cluster '" + request.cluster() + "' is not a valid cluster name or cluster ARN."));
    if (context.principal() instanceof Principal.Agent agent && !agent.clusterName().equals(cluster)) {
      throw denied(agent, "cluster '" + cluster + "'");
    }
    String id = instanceId(cluster, request.containerInstanceArn());
    if (context.principal() instanceof Principal.Agent agent && !agent.containerInstanceId().equals(id)) {
      throw denied(agent, "container instance '" + request.containerInstanceArn() + "'");
    }
    long applied = request.appliedRevision() == null ? 0 : request.appliedRevision();
    if (applied < 0) {
      throw EcsException.invalidParameter("appliedRevision " + applied + " is not valid: give the "
          + "manifestRevision of the last answer applied, or 0 before the first.");
    }
    ContainerInstance instance = registered(cluster, id, request.containerInstanceArn());
    liveness.heartbeat(new InstanceRef(cluster, id), context.now(), instance);

    ManifestTracker tracker = trackers.apply(cluster);
    ManifestTracker.Snapshot snapshot = tracker.snapshot(id);
    if (snapshot.manifestRevision() == applied) {
      await(snapshot);
      snapshot = tracker.snapshot(id);
    }
    return new AgentPollResponse(snapshot.manifestRevision(), snapshot.manifestRevision() != applied,
        tasks(cluster, members(cluster, id, snapshot)), (hold.toMillis() + 999) / 1000,
        (ttl.toMillis() + 999) / 1000, fenceLease.toMillis());
  }

  /**
   * The instance's member tasks as of at least the snapshot's revision. A settled snapshot's
   * keys are read one by one. An unsettled one (woken by the first change of a transaction that
   * placed, say, 50 tasks, while the other 49 are still on their way to the tracker) would send
   * the agent part of the set under the whole set's revision, and the agent would learn of the
   * rest only a hold later: so its set comes from one consistent read of the cluster's tasks.
   */
  private List<Task> members(String cluster, String instanceId, ManifestTracker.Snapshot snapshot) {
    if (!snapshot.settled()) {
      return store.range(Range.prefix(Keys.tasks(cluster))).kvs().stream()
          .map(kv -> JsonCodec.decode(kv.value(), Task.class))
          .filter(t -> DesiredTaskSets.isMember(t) && instanceId.equals(DesiredTaskSets.instanceId(
              t.containerInstanceArn())))
          .toList();
    }
    List<Task> out = new ArrayList<>();
    for (String key : snapshot.taskKeys()) {
      store.get(key).map(kv -> JsonCodec.decode(kv.value(), Task.class)).filter(DesiredTaskSets::isMember)
          .ifPresent(out::add);
    }
    return out;
  }

  private void await(ManifestTracker.Snapshot snapshot) {
    try {
      snapshot.nextChange().get(hold.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // no change within the hold: answer with the same revision
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping: answer with what is known
    } catch (ExecutionException e) {
      throw new IllegalStateException("a manifest change signal failed", e);
    }
  }

  private List<DesiredTask> tasks(String cluster, List<Task> members) {
    Map<String, Optional<TaskDefinition>> definitions = new HashMap<>();
    Map<String, Boolean> fencedServices = new HashMap<>();
    List<DesiredTask> out = new ArrayList<>();
    for (Task t : members) {
      out.add(new DesiredTask(t,
          definitions.computeIfAbsent(String.valueOf(t.taskDefinitionArn()), this::taskDefinition).orElse(null),
          serviceName(t).map(name -> fencedServices.computeIfAbsent(name, n -> fenced(cluster, n)))
              .filter(Boolean::booleanValue).orElse(null)));
    }
    return out;
  }

  private static Optional<String> serviceName(Task task) {
    String group = task.group();
    return group != null && group.startsWith(SERVICE_GROUP) && group.length() > SERVICE_GROUP.length()
        ? Optional.of(group.substring(SERVICE_GROUP.length())) : Optional.empty();
  }

  /** Whether service {@code name} of {@code cluster} is a REPLICA service that may never run more than its desired count. */
  private boolean fenced(String cluster, String name) {
    return store.get(Keys.service(cluster, name))
        .map(kv -> JsonCodec.decode(kv.value(), StoredServiceRecord.class).service())
        .filter(s -> s != null && s.schedulingStrategy() == SchedulingStrategy.REPLICA)
        .map(s -> DeploymentConfig.of(s.deploymentConfiguration(), s.schedulingStrategy()).atMostDesired())
        .orElse(false);
  }

  private Optional<TaskDefinition> taskDefinition(String arn) {
    return TaskDefinitionRef.parse(arn)
        .filter(ref -> ref.revision().isPresent())
        .flatMap(ref -> store.get(Keys.taskDefinition(ref.family(), ref.revision().getAsInt())))
        .map(kv -> JsonCodec.decode(kv.value(), StoredRevision.class).taskDefinition());
  }

  private static String instanceId(String cluster, String text) {
    if (text == null || text.isEmpty()) {
      throw EcsException.invalidParameter("containerInstanceArn is required: give the ARN (or id) that "
          + "RegisterContainerInstance returned.");
    }
    Optional<String> id = text.startsWith("arn:")
        ? EcsArn.parse(text).filter(EcsArn.ContainerInstance.class::isInstance)
            .map(EcsArn.ContainerInstance.class::cast)
            .filter(a -> a.clusterName().map(cluster::equals).orElse(true))
            .map(EcsArn.ContainerInstance::id)
        : Optional.of(text);
    return id.filter(s -> EcsArn.NAME.matcher(s).matches()).orElseThrow(() -> EcsException.invalidParameter(
        "containerInstanceArn '" + text + "' is not the ARN (or id) of a container instance of cluster '"
            + cluster + "'."));
  }

  private ContainerInstance registered(String cluster, String id, String text) {
    Optional<ContainerInstance> found = store.get(Keys.instance(cluster, id))
        .map(kv -> JsonCodec.decode(kv.value(), ContainerInstance.class));
    if (found.isEmpty()) {
      if (store.get(Keys.cluster(cluster)).isEmpty()) {
        throw EcsException.clusterNotFound(cluster);
      }
      throw EcsException.invalidParameter("containerInstanceArn '" + text + "' is not registered in cluster '"
          + cluster + "': call RegisterContainerInstance first.");
    }
    if ("INACTIVE".equals(found.get().status())) {
      throw EcsException.clientError("The container instance '" + found.get().containerInstanceArn() + "' was "
          + "deregistered (INACTIVE): its agent must stop, or register as a new container instance.");
    }
    return found.get();
  }

  private static EcsException denied(Principal.Agent agent, String what) {
    return new EcsException(ErrorType.AccessDeniedException, "Agent credentials " + agent.accessKeyId()
        + " may poll only for container instance '" + agent.containerInstanceId() + "' of cluster '"
        + agent.clusterName() + "', not for " + what + ".");
  }
}
