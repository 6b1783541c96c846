package dev.gantry.agent.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The server side of engine tests: keeps every report, in order, and lets a test wait for one. */
final class RecordingReporter implements TaskStateReporter {
  private final List<ContainerReport> containers = new ArrayList<>();
  private final List<TaskReport> tasks = new ArrayList<>();

  @Override
  public synchronized void containerChanged(ContainerReport report) {
    containers.add(report);
    notifyAll();
  }

  @Override
  public synchronized void taskChanged(TaskReport report) {
    tasks.add(report);
    notifyAll();
  }

  synchronized List<TaskReport> tasks(String taskArn) {
    return tasks.stream().filter(t -> t.taskArn().equals(taskArn)).toList();
  }

  synchronized List<ContainerReport> containers(String taskArn, String container) {
    return containers.stream().filter(c -> c.taskArn().equals(taskArn) && c.containerName().equals(container))
        .toList();
  }

  /** The first task report matching {@code p}, waiting up to {@code timeout} for it. */
  synchronized TaskReport awaitTask(String taskArn, Predicate<TaskReport> p, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<TaskReport> found = tasks.stream().filter(t -> t.taskArn().equals(taskArn)).filter(p).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no report of " + taskArn + " matched within " + timeout + "; reports: "
            + tasks(taskArn));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
