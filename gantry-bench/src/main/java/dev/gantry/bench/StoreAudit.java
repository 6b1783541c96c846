package dev.gantry.bench;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Resource;
import dev.gantry.model.Task;
import dev.gantry.server.GantryServer;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.SqliteStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stopped server left on disk, checked against what its RunTask responses promised:
 * every task a response returned is stored on the instance the response named, the store holds
 * no task that no response returned, and on every instance the demand of its tasks fits its
 * registered CPU and memory and equals what the instance record says is taken. Reads the
 * SQLite file afresh, after the server closed it, so only durable state counts.
 */
final class StoreAudit {
  private StoreAudit() {}

  /** What the audit found; {@code problems} is empty when everything held. */
  record Result(int tasksStored, int instances, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * {@code placed} maps each returned task ARN to its container instance ARN; every task
   * demands {@code cpu} CPU units and {@code memory} MiB.
   */
  static Result check(Path dataDir, String cluster, Map<String, String> placed, int cpu, int memory) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> tasksOn = new HashMap<>();
    int stored = 0;
    try (SqliteStateStore store = SqliteStateStore.open(dataDir.resolve(GantryServer.STORE_FILE), Clock.systemUTC())) {
      Map<String, Task> tasks = new HashMap<>();
      for (KeyValue kv : store.range(Range.prefix(Keys.tasks(cluster))).kvs()) {
        Task t = JsonCodec.decode(kv.value(), Task.class);
        tasks.put(t.taskArn(), t);
        tasksOn.merge(t.containerInstanceArn(), 1, Integer::sum);
      }
      stored = tasks.size();
      placed.forEach((taskArn, instanceArn) -> {
        Task t = tasks.get(taskArn);
        if (t == null) {
          problem(problems, "task " + taskArn + " was returned by RunTask but is not in the store");
        } else if (!instanceArn.equals(t.containerInstanceArn())) {
          problem(problems, "task " + taskArn + " is stored on " + t.containerInstanceArn() + ", RunTask said "
              + instanceArn);
        }
      });
      tasks.keySet().stream().filter(arn -> !placed.containsKey(arn)).limit(5)
          .forEach(arn -> problem(problems, "task " + arn + " is in the store but no RunTask response returned it"));
      List<KeyValue> instances = store.range(Range.prefix(Keys.instances(cluster))).kvs();
      for (KeyValue kv : instances) {
        ContainerInstance ci = JsonCodec.decode(kv.value(), ContainerInstance.class);
        int n = tasksOn.getOrDefault(ci.containerInstanceArn(), 0);
        checkResource(problems, ci, "CPU", n * cpu);
        checkResource(problems, ci, "MEMORY", n * memory);
      }
      return new Result(stored, instances.size(), List.copyOf(problems));
    }
  }

  private static void checkResource(List<String> problems, ContainerInstance ci, String name, int demand) {
    int registered = integer(ci.registeredResources(), name);
    int remaining = integer(ci.remainingResources(), name);
    if (demand > registered) {
      problem(problems, ci.containerInstanceArn() + " is overcommitted in " + name + ": its tasks take " + demand
          + " of " + registered);
    } else if (registered - remaining != demand) {
      problem(problems, ci.containerInstanceArn() + " says " + (registered - remaining) + " " + name
          + " are taken, its tasks take " + demand);
    }
  }

  private static int integer(List<Resource> resources, String name) {
    return resources.stream().filter(r -> name.equals(r.name()) && r.integerValue() != null).mapToInt(Resource::integerValue).findFirst()
        .orElse(0);
  }

  /** Keeps the list short: a broken run would otherwise print thousands of lines. */
  private static void problem(List<String> problems, String text) {
    if (problems.size() < 20) {
      problems.add(text);
    }
  }
}
