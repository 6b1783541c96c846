package dev.gantry.server.ops;

import dev.gantry.model.Container;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.ContainerStateChange;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.StopTaskRequest;
import dev.gantry.model.StopTaskResponse;
import dev.gantry.model.SubmitContainerStateChangeRequest;
import dev.gantry.model.SubmitContainerStateChangeResponse;
import dev.gantry.model.SubmitTaskStateChangeRequest;
import dev.gantry.model.SubmitTaskStateChangeResponse;
import dev.gantry.model.Task;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The calls that change a task's status: StopTask from users, SubmitTaskStateChange and
 * SubmitContainerStateChange from agents (root credentials, or agent credentials acting for
 * the instance the task runs on). Each one reads the task, applies one event through
 * {@link TaskTransitions}, and commits through {@link TaskChangeBatches} (with the other
 * changes of the cluster waiting at the same moment), retried on conflict.
 */
final class TaskStateHandler {
  static final String ACK = "ACK";
  static final int MAX_REASON = 255;

  private final StateStore store;
  private final TaskChangeBatches changes;

  TaskStateHandler(StateStore store, ClusterLocks locks) {
    this.store = store;
    this.changes = new TaskChangeBatches(store, locks);
  }

  StopTaskResponse stop(StopTaskRequest r, CallContext context) {
    if (r.reason() != null && r.reason().length() > MAX_REASON) {
      throw EcsException.invalidParameter("reason is " + r.reason().length() + " characters long; at most "
          + MAX_REASON + " are allowed.");
    }
    String reason = r.reason() == null || r.reason().isEmpty() ? TaskTransitions.USER_STOP_REASON : r.reason();
    String cluster = Clusters.require(store, r.cluster()).value().clusterName();
    Task task = change(cluster, "stop a task", () -> Tasks.require(store, cluster, "task", r.task()),
        new TaskTransitions.UserStop(reason, context.now()));
    return StopTaskResponse.builder().task(task.toBuilder().tags(null).build()).build();
  }

  SubmitTaskStateChangeResponse submitTask(SubmitTaskStateChangeRequest r, CallContext context) {
    Optional<String> status = Optional.ofNullable(r.status()).filter(s -> !s.isEmpty());
    status.ifPresent(s -> {
      if (!TaskLifecycle.isTaskStatus(s)) {
        throw EcsException.invalidParameter("status '" + s + "' is not a task status: use one of "
            + String.join(", ", TaskLifecycle.TASK_STATUSES) + ".");
      }
    });
    String cluster = Clusters.name("cluster", r.cluster());
    Records.Versioned<Task> first = agentTask(context, cluster, r.task());
    List<TaskTransitions.ContainerReport> containers = new ArrayList<>();
    List<ContainerStateChange> given = Members.orEmpty(r.containers());
    for (int i = 0; i < given.size(); i++) {
      ContainerStateChange c = given.get(i);
      String member = "containers[" + i + "]";
      if (c == null) {
        throw EcsException.invalidParameter(member + " is null: give a container state change.");
      }
      containers.add(report(member, first.value(), c.containerName(), c.status(), c.runtimeId(), c.imageDigest(),
          c.exitCode(), c.reason(), c.networkBindings()));
    }
    var event = new TaskTransitions.AgentReport(status, nonEmpty(r.reason()), Optional.ofNullable(r.pullStartedAt()),
        Optional.ofNullable(r.pullStoppedAt()), Optional.ofNullable(r.executionStoppedAt()), containers, context.now());
    change(cluster, "record a task state change", () -> Tasks.require(store, cluster, "task", r.task()), event);
    return SubmitTaskStateChangeResponse.builder().acknowledgment(ACK).build();
  }

  SubmitContainerStateChangeResponse submitContainer(SubmitContainerStateChangeRequest r, CallContext context) {
    String cluster = Clusters.name("cluster", r.cluster());
    Records.Versioned<Task> first = agentTask(context, cluster, r.task());
    TaskTransitions.ContainerReport report = report("containerName", first.value(), r.containerName(), r.status(),
        r.runtimeId(), null, r.exitCode(), r.reason(), r.networkBindings());
    var event = new TaskTransitions.AgentReport(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(report), context.now());
    change(cluster, "record a container state change", () -> Tasks.require(store, cluster, "task", r.task()), event);
    return SubmitContainerStateChangeResponse.builder().acknowledgment(ACK).build();
  }

  /** One container's Docker health as the agent sees it. */
  record ContainerHealthReport(String containerName, HealthStatus healthStatus) {}

  /**
   * Gantry's agent route {@code POST /v1/agent/health}: ECS agents report health over their
   * private protocol, and neither Submit call has a health member, so health has its own path.
   */
  record TaskHealthRequest(String cluster, String task, List<ContainerHealthReport> containers) {}

  record TaskHealthResponse(String acknowledgment) {}

  TaskHealthResponse submitHealth(TaskHealthRequest r, CallContext context) {
    String cluster = Clusters.name("cluster", r.cluster());
    Records.Versioned<Task> first = agentTask(context, cluster, r.task());
    List<ContainerHealthReport> given = Members.orEmpty(r.containers());
    for (int i = 0; i < given.size(); i++) {
      ContainerHealthReport c = given.get(i);
      String member = "containers[" + i + "]";
      if (c == null || c.healthStatus() == null) {
        throw EcsException.invalidParameter(member + " needs a containerName and a healthStatus (HEALTHY, "
            + "UNHEALTHY or UNKNOWN).");
      }
      report(member, first.value(), c.containerName(), null, null, null, null, null, null);
    }
    for (ContainerHealthReport c : given) {
      change(cluster, "record container health", () -> Tasks.require(store, cluster, "task", r.task()),
          new TaskTransitions.HealthReport(c.containerName(), c.healthStatus(), context.now()));
    }
    return new TaskHealthResponse(ACK);
  }

  private Task change(String cluster, String what, Supplier<Records.Versioned<Task>> read,
      TaskTransitions.TaskEvent event) {
    return changes.change(cluster, what, read, event);
  }

  /** The task a state change is about; an agent key may report only on tasks of its own instance. */
  private Records.Versioned<Task> agentTask(CallContext context, String cluster, String ref) {
    if (context.principal() instanceof Principal.Agent agent && !agent.clusterName().equals(cluster)) {
      throw denied("these agent credentials belong to cluster '" + agent.clusterName() + "', not '" + cluster + "'");
    }
    Clusters.require(store, cluster);
    Records.Versioned<Task> task = Tasks.require(store, cluster, "task", ref);
    if (context.principal() instanceof Principal.Agent agent
        && !TaskChanges.instanceId(task.value()).map(agent.containerInstanceId()::equals).orElse(false)) {
      throw denied("task '" + task.value().taskArn() + "' runs on container instance '"
          + task.value().containerInstanceArn() + "', which these credentials do not own");
    }
    return task;
  }

  private static TaskTransitions.ContainerReport report(String member, Task task, String name, String status,
      String runtimeId, String imageDigest, Integer exitCode, String reason, List<NetworkBinding> bindings) {
    Set<String> names = Members.orEmpty(task.containers()).stream().map(Container::name)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (name == null || !names.contains(name)) {
      throw EcsException.invalidParameter(member + (member.equals("containerName") ? "" : ".containerName") + " '"
          + name + "' is not a container of task '" + task.taskArn() + "' (containers: " + String.join(", ", names)
          + ").");
    }
    Optional<String> shown = Optional.empty();
    if (status != null && !status.isEmpty()) {
      shown = Optional.of(TaskLifecycle.containerStatus(status).orElseThrow(() -> EcsException.invalidParameter(
          "status '" + status + "' of container '" + name + "' is not a container status: use one of "
              + String.join(", ", TaskLifecycle.AGENT_CONTAINER_STATUSES) + ".")));
    }
    for (NetworkBinding b : Members.orEmpty(bindings)) {
      checkPort(name, "containerPort", b == null ? null : b.containerPort());
      checkPort(name, "hostPort", b == null ? null : b.hostPort());
    }
    return new TaskTransitions.ContainerReport(name, shown, nonEmpty(runtimeId), nonEmpty(imageDigest),
        Optional.ofNullable(exitCode), nonEmpty(reason), Optional.ofNullable(bindings));
  }

  private static void checkPort(String container, String member, Integer port) {
    if (port != null && (port < 0 || port > 65535)) {
      throw EcsException.invalidParameter("networkBindings of container '" + container + "': " + member + " " + port
          + " is not a port number (0 to 65535).");
    }
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static EcsException denied(String why) {
    return new EcsException(ErrorType.AccessDeniedException, "This state change is not allowed: " + why + ".");
  }
}
