package dev.gantry.it;

import dev.gantry.it.DockerCli.RunningContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What really ran, as dockerd saw it: `docker ps` of the containers of some container instances,
 * sampled every {@code interval} on a virtual thread, bounded by {@code limit} so a forgotten
 * timeline cannot sample forever. This is the ground truth a control-plane view cannot give
 * while an agent is cut off (the server then does not know whether its tasks still run).
 *
 * <p>Sampling can miss an overlap shorter than the interval; a test that needs the exact order
 * of one container's exit and another's start reads dockerd's FinishedAt/StartedAt as well.
 */
final class DockerTimeline implements AutoCloseable {
  /** The containers running at one instant. */
  record Sample(Instant at, List<RunningContainer> running) {
    List<RunningContainer> ofFamily(String family) {
      return running.stream().filter(c -> c.family().equals(family)).toList();
    }
  }

  private final List<String> containerInstanceArns;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  private DockerTimeline(List<String> containerInstanceArns, Duration interval, Duration limit) {
    this.containerInstanceArns = List.copyOf(containerInstanceArns);
    this.thread = Thread.ofVirtual().name("docker-timeline").start(() -> sample(interval, limit));
  }

  /** Starts sampling the containers the agents of {@code containerInstanceArns} made. */
  static DockerTimeline start(List<String> containerInstanceArns, Duration interval, Duration limit) {
    return new DockerTimeline(containerInstanceArns, interval, limit);
  }

  private void sample(Duration interval, Duration limit) {
    Instant end = Instant.now().plus(limit);
    try {
      do {
        try {
          List<RunningContainer> running = DockerCli.runningTaskContainers().stream()
              .filter(c -> containerInstanceArns.contains(c.containerInstanceArn())).toList();
          samples.add(new Sample(Instant.now(), running));
        } catch (RuntimeException e) {
          failures.add(e);
        }
      } while (Instant.now().isBefore(end) && !stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until a sample taken from now on satisfies {@code condition} (earlier samples show an
   * earlier state); fails after {@code timeout}.
   */
  Sample until(String what, Duration timeout, Predicate<Sample> condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    int seen = samples.size();
    while (true) {
      List<Sample> all = List.copyOf(samples);
      for (Sample s : all.subList(seen, all.size())) {
        if (condition.test(s)) {
          return s;
        }
      }
      seen = all.size();
      if (Instant.now().isAfter(deadline) || !thread.isAlive()) {
        throw new AssertionError("waited " + timeout + " for " + what + " in " + all.size() + " docker ps samples;"
            + " last: " + (all.isEmpty() ? "none" : all.getLast()) + (failures.isEmpty() ? "" : "; failures: "
            + failures));
      }
      Thread.sleep(50);
    }
  }

  /** The most containers of {@code family} seen running in one sample. */
  int mostRunning(String family) {
    return samples.stream().mapToInt(s -> s.ofFamily(family).size()).max().orElse(0);
  }

  /** The first sample with {@code family} running more than {@code limit} containers, if any. */
  Optional<Sample> firstAbove(String family, int limit) {
    return samples.stream().filter(s -> s.ofFamily(family).size() > limit).findFirst();
  }

  /** When a container of {@code taskArn} was first seen running. */
  Optional<Instant> firstSeen(String taskArn) {
    return samples.stream().filter(s -> s.running().stream().anyMatch(c -> c.taskArn().equals(taskArn)))
        .map(Sample::at).findFirst();
  }

  /** When a container of {@code taskArn} was last seen running. */
  Optional<Instant> lastSeen(String taskArn) {
    return samples.reversed().stream().filter(s -> s.running().stream().anyMatch(c -> c.taskArn().equals(taskArn)))
        .map(Sample::at).findFirst();
  }

  /** The longest time between two consecutive samples: how blind the timeline may have been. */
  Duration longestGap() {
    List<Sample> all = List.copyOf(samples);
    Duration longest = Duration.ZERO;
    for (int i = 1; i < all.size(); i++) {
      Duration gap = Duration.between(all.get(i - 1).at(), all.get(i).at());
      longest = gap.compareTo(longest) > 0 ? gap : longest;
    }
    return longest;
  }

  /** The latest sample (a timeline is asked only after it has sampled at least once). */
  Sample last() {
    return samples.getLast();
  }

  int size() {
    return samples.size();
  }

  /** Samples that failed (docker ps errors), which a test should treat as blind spots. */
  List<Exception> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join(Duration.ofSeconds(10));
  }
}
