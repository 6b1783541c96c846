package dev.gantry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What a user sees of a service's tasks (ListTasks by serviceName, DescribeTasks), and a bounded
 * poll over it: the benches' clock stops when the user could see the condition.
 */
final class ServiceTasks {
  private final EcsClient ecs;
  private final String cluster;
  private final String service;

  ServiceTasks(EcsClient ecs, String cluster, String service) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.service = service;
  }

  /** The service's tasks desired RUNNING, described. */
  List<Task> tasks() {
    List<String> arns = new ArrayList<>();
    ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(service)).taskArns().forEach(arns::add);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += 100) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
      tasks.addAll(ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks());
    }
    return tasks;
  }

  static long running(List<Task> tasks) {
    return tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
  }

  /**
   * Polls every {@code intervalMillis} until {@code condition} holds of the tasks; the nanoTime
   * when it did. Gives up after {@code timeoutSeconds} with the last tasks seen.
   */
  long awaitTasks(String what, int timeoutSeconds, long intervalMillis, Predicate<List<Task>> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (true) {
      List<Task> tasks = tasks();
      long now = System.nanoTime();
      if (condition.test(tasks)) {
        return now;
      }
      if (now > deadline) {
        throw new IllegalStateException("no " + what + " within " + timeoutSeconds + " s; last seen " + running(tasks)
            + " of " + tasks.size() + " tasks RUNNING: " + tasks.stream().map(t -> t.lastStatus() + "@"
            + t.containerInstanceArn()).toList());
      }
      Thread.sleep(intervalMillis);
    }
  }
}
