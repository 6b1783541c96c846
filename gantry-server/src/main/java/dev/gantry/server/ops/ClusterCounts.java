package dev.gantry.server.ops;

import dev.gantry.model.KeyValuePair;
import dev.gantry.model.LaunchType;
import dev.gantry.model.Service;
import dev.gantry.model.Task;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster holds, counted from the instance, service and task records under its keys:
 * the numbers DescribeClusters reports and DeleteCluster checks. Counts are derived on read,
 * never stored, so they cannot drift from the records.
 *
 * <p>Tasks count as pending while they are on their way to RUNNING (PROVISIONING, PENDING,
 * ACTIVATING), as running when RUNNING; every task whose lastStatus is not STOPPED keeps the
 * cluster from being deleted.
 */
record ClusterCounts(
    int registeredInstances,
    int unstoppedTasks,
    Map<Bucket, Integer> runningTasks,
    Map<Bucket, Integer> pendingTasks,
    Map<Bucket, Integer> activeServices,
    Map<Bucket, Integer> drainingServices) {

  private static final Set<String> PENDING = Set.of("PROVISIONING", "PENDING", "ACTIVATING");

  /** How ECS splits statistics: by launch type, with Gantry's own launch types reported as EC2 or External. */
  enum Bucket {
    EC2("EC2"), FARGATE("Fargate"), EXTERNAL("External");

    final String label;

    Bucket(String label) {
      this.label = label;
    }

    static Bucket of(LaunchType launchType) {
      if (launchType == null) {
        return EC2;
      }
      return switch (launchType) {
        case FARGATE -> FARGATE;
        case EXTERNAL -> EXTERNAL;
        case EC2, MANAGED_INSTANCES -> EC2;
      };
    }
  }

  static ClusterCounts read(StateStore store, String clusterName) {
    int instances = (int) ContainerInstances.all(store, clusterName).stream()
        .filter(i -> ContainerInstances.REGISTERED.contains(i.value().status()))
        .count();
    Map<Bucket, Integer> running = zeros();
    Map<Bucket, Integer> pending = zeros();
    int unstopped = 0;
    for (Task task : Records.values(store, Keys.tasks(clusterName), Task.class)) {
      String status = task.lastStatus();
      Bucket bucket = Bucket.of(task.launchType());
      if ("RUNNING".equals(status)) {
        running.merge(bucket, 1, Integer::sum);
      } else if (PENDING.contains(status)) {
        pending.merge(bucket, 1, Integer::sum);
      }
      if (!"STOPPED".equals(status)) {
        unstopped++;
      }
    }
    Map<Bucket, Integer> active = zeros();
    Map<Bucket, Integer> draining = zeros();
    for (StoredService stored : Records.values(store, Keys.services(clusterName), StoredService.class)) {
      Service service = stored.service();
      Bucket bucket = Bucket.of(service.launchType());
      if ("ACTIVE".equals(service.status())) {
        active.merge(bucket, 1, Integer::sum);
      } else if ("DRAINING".equals(service.status())) {
        draining.merge(bucket, 1, Integer::sum);
      }
    }
    return new ClusterCounts(instances, unstopped, running, pending, active, draining);
  }

  int runningTasksCount() {
    return sum(runningTasks);
  }

  int pendingTasksCount() {
    return sum(pendingTasks);
  }

  int activeServicesCount() {
    return sum(activeServices);
  }

  /** Services that keep the cluster from being deleted: ACTIVE or DRAINING ones. */
  int undeletedServicesCount() {
    return sum(activeServices) + sum(drainingServices);
  }

  /** The STATISTICS of DescribeClusters: task and service counts split by launch type, values as strings. */
  List<KeyValuePair> statistics() {
    List<KeyValuePair> out = new ArrayList<>();
    for (Bucket b : Bucket.values()) {
      out.add(pair("running" + b.label + "TasksCount", runningTasks.get(b)));
      out.add(pair("pending" + b.label + "TasksCount", pendingTasks.get(b)));
    }
    for (Bucket b : Bucket.values()) {
      out.add(pair("active" + b.label + "ServiceCount", activeServices.get(b)));
      out.add(pair("draining" + b.label + "ServiceCount", drainingServices.get(b)));
    }
    return out;
  }

  private static KeyValuePair pair(String name, int value) {
    return KeyValuePair.builder().name(name).value(Integer.toString(value)).build();
  }

  private static Map<Bucket, Integer> zeros() {
    Map<Bucket, Integer> m = new EnumMap<>(Bucket.class);
    for (Bucket b : Bucket.values()) {
      m.put(b, 0);
    }
    return m;
  }

  private static int sum(Map<Bucket, Integer> m) {
    return m.values().stream().mapToInt(Integer::intValue).sum();
  }
}
