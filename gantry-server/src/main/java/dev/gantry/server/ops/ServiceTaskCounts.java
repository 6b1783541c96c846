package dev.gantry.server.ops;

import dev.gantry.model.Task;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many tasks each service of a cluster has, counted from the task records: a service's
 * tasks are those of group {@code service:<name>}, a deployment's those among them whose
 * {@code startedBy} is the deployment id (how the scheduler starts them, as ECS does). Counted
 * on read, like {@link ClusterCounts}, so DescribeServices never shows a stale count.
 *
 * <p>Running means lastStatus RUNNING; pending PROVISIONING, PENDING or ACTIVATING; a task is
 * {@code remaining} until it reaches STOPPING (ECS lets a deleted service go INACTIVE once its
 * tasks are all STOPPING or STOPPED).
 */
record ServiceTaskCounts(Map<String, Counts> byService, Map<String, Counts> byDeployment) {
  static final String GROUP_PREFIX = "service:";
  static final ServiceTaskCounts NONE = new ServiceTaskCounts(Map.of(), Map.of());
  private static final Set<String> PENDING = Set.of("PROVISIONING", "PENDING", "ACTIVATING");
  private static final Set<String> GONE = Set.of("STOPPING", "DEPROVISIONING", "STOPPED");

  record Counts(int running, int pending, int remaining) {
    static final Counts ZERO = new Counts(0, 0, 0);

    Counts plus(Task t) {
      String s = t.lastStatus();
      return new Counts(running + ("RUNNING".equals(s) ? 1 : 0), pending + (PENDING.contains(s) ? 1 : 0),
          remaining + (s == null || !GONE.contains(s) ? 1 : 0));
    }
  }

  /** The task group of a service's tasks. */
  static String group(String serviceName) {
    return GROUP_PREFIX + serviceName;
  }

  static ServiceTaskCounts read(StateStore store, String clusterName) {
    return of(Records.values(store, Keys.tasks(clusterName), Task.class));
  }

  static ServiceTaskCounts of(List<Task> tasks) {
    Map<String, Counts> services = new HashMap<>();
    Map<String, Counts> deployments = new HashMap<>();
    for (Task t : tasks) {
      if (t.group() == null || !t.group().startsWith(GROUP_PREFIX) || "STOPPED".equals(t.lastStatus())) {
        continue;
      }
      String service = t.group().substring(GROUP_PREFIX.length());
      services.merge(service, Counts.ZERO.plus(t), (a, b) -> a.plus(t));
      if (t.startedBy() != null) {
        deployments.merge(key(service, t.startedBy()), Counts.ZERO.plus(t), (a, b) -> a.plus(t));
      }
    }
    return new ServiceTaskCounts(Map.copyOf(services), Map.copyOf(deployments));
  }

  Counts service(String serviceName) {
    return byService.getOrDefault(serviceName, Counts.ZERO);
  }

  Counts deployment(String serviceName, String deploymentId) {
    return byDeployment.getOrDefault(key(serviceName, deploymentId), Counts.ZERO);
  }

  private static String key(String service, String deploymentId) {
    return service + "\n" + deploymentId;
  }
}
