package dev.gantry.agent.engine;

import dev.gantry.agent.docker.create.ContainerLabels;
import dev.gantry.agent.engine.ContainerRuntime.ContainerView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The agent's task engine: takes the instance's whole desired task set ({@link #apply}) and
 * keeps one {@link TaskWorker}, on its own virtual thread, per task, reconciling desired against
 * known status.
 *
 * <p>Adoption: {@link #start} lists the Docker containers labelled with this container instance
 * (and only those: agents sharing a dockerd never touch each other's containers). A task in the
 * desired set re-attaches to its containers instead of creating new ones, so a restarted agent
 * restarts nothing. Containers of tasks the first desired set does not name are leftovers of
 * tasks the server no longer has: they are stopped and removed.
 *
 * <p>A task that leaves the set is stopped, as if its desired status were STOPPED.
 *
 * <p>Observation: one {@link ContainerEventWatch} follows Docker's events about this instance's
 * containers and hands each to the worker of the task its labels name; whenever that
 * subscription (re)opens, every worker looks at all its containers once, as events may have
 * been lost while it was down.
 */
public final class TaskEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TaskEngine.class.getName());
  static final String NO_LONGER_DESIRED = "Task is no longer desired on this container instance";

  private final EngineParts parts;
  private static final Duration EVENTS_INITIAL_BACKOFF = Duration.ofMillis(100);
  private static final Duration EVENTS_MAX_BACKOFF = Duration.ofSeconds(10);

  private final Map<String, TaskWorker> workers = new LinkedHashMap<>();
  private final ContainerEventWatch events;
  private Map<String, List<ContainerView>> adoptable = new HashMap<>();
  private boolean applied;
  private boolean closed;

  /** An engine that serves no task metadata endpoint (containers get no ECS_CONTAINER_METADATA_URI_V4). */
  public TaskEngine(ContainerRuntime runtime, TaskStateReporter reporter, EngineSettings settings, Clock clock,
      RandomGenerator random) {
    this(runtime, reporter, settings, clock, random, Optional.empty());
  }

  /**
   * An engine that, given {@code metadata}, gives each container it creates an endpoint id and
   * its ECS_CONTAINER_METADATA_URI_V4, and publishes its tasks' state in {@code metadata}'s book.
   */
  public TaskEngine(ContainerRuntime runtime, TaskStateReporter reporter, EngineSettings settings, Clock clock,
      RandomGenerator random, Optional<EngineMetadata> metadata) {
    PortBook ports = new PortBook(settings.dynamicHostPortRange(), settings.reservedPorts(),
        settings.reservedPortsUdp());
    this.parts = new EngineParts(runtime, reporter, settings, ports, new ImagePulls(runtime), clock, random,
        metadata);
    this.events = new ContainerEventWatch(runtime, ContainerLabels.CONTAINER_INSTANCE_ARN,
        settings.containerInstanceArn(), this::dispatch, this::lookAgain, EVENTS_INITIAL_BACKOFF, EVENTS_MAX_BACKOFF);
  }

  /**
   * Subscribes to Docker's events about this instance's containers and finds those containers,
   * to adopt them when their tasks arrive.
   */
  public synchronized void start() {
    if (!closed) {
      // a platform thread: this read idles for minutes, and on JDK 25 a virtual thread blocked on
      // an idle socket can miss its wake-up and sleep on with the event unread in the socket
      Thread.ofPlatform().daemon().name("container-events").start(events);
    }
    Map<String, List<ContainerView>> found = new HashMap<>();
    for (ContainerView v : parts.runtime().list(ContainerLabels.CONTAINER_INSTANCE_ARN,
        parts.settings().containerInstanceArn())) {
      String task = v.labels().get(ContainerLabels.TASK_ARN);
      if (task != null) {
        found.computeIfAbsent(task, t -> new ArrayList<>()).add(v);
      }
    }
    adoptable = found;
    LOG.log(System.Logger.Level.INFO, "Found " + found.values().stream().mapToInt(List::size).sum()
        + " containers of " + found.size() + " tasks of " + parts.settings().containerInstanceArn() + " to adopt");
  }

  /** The instance's whole desired task set, as the server sent it. */
  public synchronized void apply(List<DesiredTask> tasks) {
    if (closed) {
      return;
    }
    Set<String> named = new HashSet<>();
    for (DesiredTask d : tasks) {
      named.add(d.taskArn());
      TaskWorker w = workers.get(d.taskArn());
      if (w != null) {
        w.desire(d);
      } else if (!"STOPPED".equals(d.task().lastStatus())) {
        begin(d);
      }
    }
    for (TaskWorker w : workers.values()) {
      if (!named.contains(w.taskArn()) && !w.done()) {
        w.desire(stoppedCopy(w));
      }
    }
    workers.values().removeIf(w -> w.done() && !named.contains(w.taskArn()));
    if (!applied) {
      applied = true;
      removeLeftovers();
    }
  }

  /** An event about one of this instance's containers, for the worker of its task. */
  private synchronized void dispatch(ContainerRuntime.ContainerEvent event) {
    Optional.ofNullable(event.labels().get(ContainerLabels.TASK_ARN)).map(workers::get)
        .ifPresent(w -> w.look(event.id()));
  }

  /** Whether the worker of {@code taskArn} is settled; false when there is none. Tests wait on it. */
  synchronized boolean settled(String taskArn) {
    TaskWorker w = workers.get(taskArn);
    return w != null && w.settled();
  }

  /** Events may have been lost: every worker looks at all its containers. */
  private synchronized void lookAgain() {
    workers.values().forEach(TaskWorker::lookAgain);
  }

  private void begin(DesiredTask d) {
    if (d.taskDefinition() == null) {
      LOG.log(System.Logger.Level.WARNING, "Task " + d.taskArn() + " came without its task definition; "
          + "it cannot run here");
      return;
    }
    List<ContainerView> adopted = adoptable.getOrDefault(d.taskArn(), List.of());
    adoptable.remove(d.taskArn());
    TaskWorker w = new TaskWorker(parts, d, adopted);
    workers.put(d.taskArn(), w);
    Thread.ofVirtual().name("task-" + d.taskArn().substring(d.taskArn().lastIndexOf('/') + 1)).start(w);
  }

  private DesiredTask stoppedCopy(TaskWorker w) {
    DesiredTask last = w.desired();
    return new DesiredTask(last.task().toBuilder().desiredStatus("STOPPED")
        .stoppedReason(last.task().stoppedReason() != null ? last.task().stoppedReason() : NO_LONGER_DESIRED)
        .build(), last.taskDefinition());
  }

  private void removeLeftovers() {
    Map<String, List<ContainerView>> leftovers = adoptable;
    adoptable = new HashMap<>();
    leftovers.forEach((task, views) -> Thread.ofVirtual().start(() -> {
      for (ContainerView v : views) {
        try {
          LOG.log(System.Logger.Level.INFO, "Removing container " + v.name() + " of " + task
              + ", which the server no longer has for this instance");
          parts.runtime().stop(v.id(), parts.settings().containerStopTimeout());
          parts.runtime().remove(v.id());
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "Cannot remove leftover container " + v.name() + ": " + e.getMessage());
        }
      }
    }));
  }

  /**
   * Stops the running containers of {@code tasks} (task ARN to the time its containers may take)
   * on instance {@code containerInstanceArn}, without an engine: what a restarted agent's fence
   * does before it knows its desired tasks. The stops run in parallel, as each may wait its whole
   * timeout for the SIGKILL; returns once all of them are done. A container Docker cannot stop is
   * logged and skipped.
   */
  public static void stopContainers(ContainerRuntime runtime, String containerInstanceArn,
      Map<String, Duration> tasks) {
    List<Thread> stops = new ArrayList<>();
    tasks.forEach((task, timeout) -> {
      List<ContainerView> views;
      try {
        views = runtime.list(ContainerLabels.TASK_ARN, task);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot find the containers of " + task + " to stop: " + e.getMessage());
        return;
      }
      views.stream().filter(v -> containerInstanceArn.equals(v.labels().get(ContainerLabels.CONTAINER_INSTANCE_ARN)))
          .filter(ContainerView::running)
          .forEach(v -> stops.add(Thread.ofVirtual().start(() -> {
            try {
              LOG.log(System.Logger.Level.INFO, "Stopping container " + v.name() + " of fenced task " + task);
              runtime.stop(v.id(), timeout);
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "Cannot stop container " + v.name() + ": " + e.getMessage());
            }
          })));
    });
    for (Thread t : stops) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Waits, at most {@code max}, until every task told to stop has stopped its containers; true if
   * all did. An agent that gives up calls it before {@link #close}, which would otherwise leave a
   * stop the server ordered half done. The engine's workers do not signal each step, so this
   * looks every 100 ms: it runs once, on the way out.
   */
  public boolean awaitStops(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      synchronized (this) {
        if (workers.values().stream().noneMatch(TaskWorker::stopping)) {
          return true;
        }
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(100);
    }
  }

  /** Stops the workers; the containers stay as they are for the next agent to adopt. */
  @Override
  public synchronized void close() {
    closed = true;
    events.close();
    workers.values().forEach(TaskWorker::close);
  }
}
