package dev.gantry.server.ops;

import dev.gantry.model.DescribeTasksRequest;
import dev.gantry.model.DescribeTasksResponse;
import dev.gantry.model.DesiredStatus;
import dev.gantry.model.Failure;
import dev.gantry.model.ListTasksRequest;
import dev.gantry.model.ListTasksResponse;
import dev.gantry.model.Task;
import dev.gantry.model.TaskField;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * DescribeTasks (up to 100 ids or ARNs, tags only with {@code include: TAGS}, unknown ones in
 * {@code failures} as MISSING) and ListTasks (filters as ECS has them: container instance,
 * family, startedBy, service (which must exist: ServiceNotFoundException otherwise; its tasks are
 * those of group {@code service:<name>}), desired status RUNNING by default, launch type; paginated).
 */
final class TaskReadHandler {
  static final int MAX_DESCRIBE = 100;

  private final StateStore store;
  private final ArnFormat arns;

  TaskReadHandler(StateStore store, ArnFormat arns) {
    this.store = store;
    this.arns = arns;
  }

  DescribeTasksResponse describe(DescribeTasksRequest r, CallContext context) {
    List<String> refs = r.tasks();
    if (refs == null || refs.isEmpty() || refs.size() > MAX_DESCRIBE) {
      throw EcsException.invalidParameter("tasks must list 1 to " + MAX_DESCRIBE + " task ids or ARNs; got "
          + (refs == null ? 0 : refs.size()) + ".");
    }
    String cluster = Clusters.require(store, r.cluster()).value().clusterName();
    boolean tags = Members.enumSet(TaskField.class, r.include()).contains(TaskField.TAGS);
    Map<String, Task> found = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : refs) {
      Optional<Task> task = Tasks.find(store, cluster, ref).map(Records.Versioned::value);
      if (task.isPresent()) {
        found.putIfAbsent(task.get().taskArn(), view(task.get(), tags));
      } else {
        failures.add(Failures.missing(Tasks.failureArn(arns, cluster, ref)));
      }
    }
    return DescribeTasksResponse.builder().tasks(new ArrayList<>(found.values())).failures(failures).build();
  }

  /** Tags only when asked for, and then always a list. */
  static Task view(Task task, boolean withTags) {
    return task.toBuilder().tags(withTags ? Members.orEmpty(task.tags()) : null).build();
  }

  ListTasksResponse list(ListTasksRequest r, CallContext context) {
    int max = Pagination.maxResults(r.maxResults(), Pagination.DEFAULT_MAX_RESULTS);
    String cluster = Clusters.require(store, r.cluster()).value().clusterName();
    if (r.startedBy() != null && (r.containerInstance() != null || r.family() != null || r.serviceName() != null)) {
      throw EcsException.invalidParameter("startedBy must be the only filter of ListTasks: drop containerInstance, "
          + "family and serviceName, or drop startedBy.");
    }
    Predicate<Task> filter = filter(cluster, r);
    if (r.serviceName() != null) {
      String name = Services.require(store, cluster, "serviceName", r.serviceName()).value().service().serviceName();
      String group = ServiceTaskCounts.group(name);
      filter = filter.and(t -> group.equals(t.group()));
    }
    Predicate<Task> wanted = filter;
    Pagination.Page<String> page = Pagination.page(store, Keys.tasks(cluster), r.nextToken(), max, false, kv -> {
      Task task = Records.decode(kv, Task.class);
      return wanted.test(task) ? Optional.of(task.taskArn()) : Optional.empty();
    });
    return ListTasksResponse.builder().taskArns(page.items()).nextToken(page.nextTokenOrNull()).build();
  }

  private static Predicate<Task> filter(String cluster, ListTasksRequest r) {
    DesiredStatus desired = r.desiredStatus() == null ? DesiredStatus.RUNNING : r.desiredStatus();
    Predicate<Task> p = t -> desired.toString().equals(t.desiredStatus());
    if (r.containerInstance() != null) {
      String id = ContainerInstances.id(cluster, r.containerInstance()).orElseThrow(() ->
          EcsException.invalidParameter("containerInstance '" + r.containerInstance() + "' is not a container "
              + "instance id or ARN of cluster '" + cluster + "'."));
      p = p.and(t -> TaskChanges.instanceId(t).map(id::equals).orElse(false));
    }
    if (r.family() != null) {
      p = p.and(t -> Tasks.definition(t).map(d -> d.family().equals(r.family())).orElse(false));
    }
    if (r.startedBy() != null) {
      p = p.and(t -> r.startedBy().equals(t.startedBy()));
    }
    if (r.launchType() != null) {
      p = p.and(t -> r.launchType() == t.launchType());
    }
    if (r.daemonName() != null) {
      // Gantry has no daemons: no task belongs to one.
      p = p.and(t -> false);
    }
    return p;
  }
}
