package dev.gantry.agent.engine;

import dev.gantry.agent.docker.create.ContainerLabels;
import dev.gantry.agent.engine.ContainerRuntime.ContainerView;
import dev.gantry.agent.engine.TaskStateReporter.ContainerReport;
import dev.gantry.agent.engine.TaskStateReporter.TaskReport;
import dev.gantry.agent.metadata.TaskMetadata;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskStopCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One task's reconciler, running on its own virtual thread: observe the containers (Docker
 * inspect), decide ({@link TaskReconciler}), act ({@link ContainerSteps}), derive the task's
 * status and health ({@link TaskStatusRules}), report what changed, and wait for a change of the
 * desired state, a container event or the next look. Reports that fail are sent again on the
 * next round, so a server that is away loses nothing.
 *
 * <p>Looking costs dockerd a container inspect, so a settled task (every container running or
 * stopped, nothing to do, everything reported) does not look on a short timer: an event about
 * one of its containers ({@link #look}) has that one container inspected on the next round, and
 * every {@link EngineSettings#reobserveInterval} all of them are, in case an event was lost. A
 * task on its way looks at all its running containers every {@link EngineSettings#observeInterval}.
 * A STOPPED task's containers are removed after ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, and the
 * worker ends.
 *
 * <p>Only this thread touches the task's state; {@link #desire}, {@link #look}, {@link #lookAgain}
 * and {@link #close} are the ways in from outside.
 */
final class TaskWorker implements Runnable {
  private static final System.Logger LOG = System.getLogger(TaskWorker.class.getName());
  private static final long START_SETTLE_MILLIS = 2000;

  private final EngineParts parts;
  private final ContainerSteps steps;
  private final String taskArn;
  private final TaskDefinition definition;
  private final Map<String, ContainerState> states = new LinkedHashMap<>();
  private final Map<String, String> dockerNames = new HashMap<>();
  /** The last Docker inspect of each container, for the metadata endpoint. */
  private final Map<String, ContainerView> views = new HashMap<>();
  /** Endpoint ids given to this task's containers (adopted or created), to forget when the worker ends. */
  private final List<String> endpointIds = new ArrayList<>();
  private volatile Optional<TaskMetadata> published = Optional.empty();
  /** Open while a container is being started and its state not yet published (see {@link #metadataNow}). */
  private volatile CountDownLatch starting = new CountDownLatch(0);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile DesiredTask desired;
  private volatile boolean closed;
  private volatile boolean done;
  private boolean woken;
  /** Containers (by id) that had an event since the last round; guarded by {@link #lock}. */
  private final Set<String> eventful = new HashSet<>();
  /** Whether the next round inspects every running container; guarded by {@link #lock}. */
  private boolean lookAtAll = true;
  /** Whether the last round left the task settled: nothing to do until something changes. */
  private volatile boolean settled;
  /** When ({@link System#nanoTime}) the worker last inspected every running container. */
  private long lookedAtAll = System.nanoTime();
  private Optional<TaskStopCause> stopping = Optional.empty();
  private volatile String status = TaskStatusRules.PENDING;
  private HealthStatus health = HealthStatus.UNKNOWN;
  private Optional<Instant> pullStartedAt = Optional.empty();
  private Optional<Instant> pullStoppedAt = Optional.empty();
  private Optional<Instant> executionStoppedAt = Optional.empty();
  private final Map<String, ContainerReport> reportedContainers = new HashMap<>();
  private List<Object> reportedTask = List.of();
  /** The status and health the server last heard of: a new task is PENDING, health UNKNOWN. */
  private List<Object> reportedNews = List.of(TaskStatusRules.PENDING, HealthStatus.UNKNOWN);
  private boolean reportsSent;

  TaskWorker(EngineParts parts, DesiredTask desired, List<ContainerView> adopted) {
    this.parts = parts;
    this.steps = new ContainerSteps(parts);
    this.desired = desired;
    this.taskArn = desired.taskArn();
    this.definition = desired.taskDefinition();
    Instant now = parts.clock().instant();
    for (ContainerDefinition d : snapshotDefinitions()) {
      states.put(d.name(), adopt(d, adopted, now));
    }
    if (TaskStatusRules.RUNNING.equals(desired.task().lastStatus())) {
      status = TaskStatusRules.RUNNING;
    }
    publish();
  }

  private ContainerState adopt(ContainerDefinition d, List<ContainerView> adopted, Instant now) {
    Optional<ContainerView> view = adopted.stream()
        .filter(v -> d.name().equals(v.labels().get(ContainerLabels.CONTAINER_NAME)))
        .max(Comparator.comparing((ContainerView v) -> v.running()).thenComparing(v -> v.startedAt().orElse(Instant.MIN)));
    ContainerState s = ContainerState.initial(d.name(), now);
    if (view.isEmpty()) {
      return s;
    }
    ContainerView v = view.get();
    dockerNames.put(d.name(), v.name());
    views.put(d.name(), v);
    Optional.ofNullable(v.labels().get(ContainerLabels.METADATA_ENDPOINT_ID))
        .ifPresent(id -> register(id, d.name()));
    parts.ports().hold(v.networkBindings());
    s = s.withRuntimeId(v.id()).advanced(ContainerStatus.CREATED, now);
    return ContainerSteps.observed(s, view, now);
  }

  String taskArn() {
    return taskArn;
  }

  DesiredTask desired() {
    return desired;
  }

  boolean done() {
    return done;
  }

  /** Told to stop, and its containers are not all stopped yet. */
  boolean stopping() {
    return desired.desiredStopped() && !TaskStatusRules.STOPPED.equals(status) && !done;
  }

  /** A new desired state from the server; the worker picks it up at once. */
  void desire(DesiredTask next) {
    desired = next;
    wake();
  }

  /** Stops the worker's thread; the task's containers keep running (a restarted agent adopts them). */
  void close() {
    closed = true;
    wake();
  }

  /** Something happened to container {@code containerId}: the next round, at once, inspects it. */
  void look(String containerId) {
    lock.lock();
    try {
      eventful.add(containerId);
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Events may have been lost: the next round, at once, inspects every running container. */
  void lookAgain() {
    lock.lock();
    try {
      lookAtAll = true;
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    try {
      while (!closed) {
        boolean progressed = guardedRound();
        if (TaskStatusRules.STOPPED.equals(status) && reportsSent) {
          cleanUp();
          return;
        }
        if (!progressed) {
          await(settled ? untilSafetyNet() : parts.settings().observeInterval().toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "Task " + taskArn + ": the engine's worker failed", e);
    } finally {
      starting.countDown();
      parts.metadata().ifPresent(m -> endpointIds.forEach(m.book()::forget));
    }
  }

  /** A round that Docker being away (a restarting dockerd) only postpones to the next look. */
  private boolean guardedRound() {
    try {
      return round();
    } catch (ContainerRuntime.RuntimeFailure e) {
      LOG.log(System.Logger.Level.WARNING, "Task " + taskArn + ": " + e.getMessage() + "; trying again");
      settled = false; // the next, timed, round soon looks at everything again
      return false;
    }
  }

  /** One observe-decide-act-report round; true when some container's state moved. */
  private boolean round() {
    observe();
    Map<String, ContainerState> before = Map.copyOf(states);
    DesiredTask d = desired;
    TaskReconciler.Step step = TaskReconciler.next(snapshot(d), parts.clock().instant());
    stopping = step.stopping();
    for (TaskAction action : step.actions()) {
      if (closed) {
        break;
      }
      act(d, action);
      publish();
    }
    if (stopping.isEmpty()) {
      // a failed pull or create ends the task on this round, with the reason it failed
      stopping = TaskReconciler.stopCause(snapshot(d));
    }
    derive();
    publish();
    reportsSent = report();
    settled = step.actions().isEmpty() && reportsSent && states.values().stream()
        .allMatch(s -> s.status() == ContainerStatus.RUNNING || s.status() == ContainerStatus.STOPPED);
    return !before.equals(states);
  }

  private TaskSnapshot snapshot(DesiredTask d) {
    return new TaskSnapshot(definition, d.desiredStopped(), Optional.ofNullable(d.task().stoppedReason()), states,
        stopping, TaskStatusRules.RUNNING.equals(status), parts.settings().containerStartTimeout());
  }

  /**
   * Inspects the running containers that had an event, or all of them when it is time to: the
   * task is on its way, the event stream (re)opened, or the safety net is due. The safety net
   * goes by the clock, not by the wait timing out, as the poller's answers wake every worker
   * more often than the safety net's interval and would otherwise postpone it forever.
   */
  private void observe() {
    Set<String> ids;
    boolean all;
    lock.lock();
    try {
      ids = Set.copyOf(eventful);
      all = lookAtAll || !settled || untilSafetyNet() == 0;
      eventful.clear();
      lookAtAll = false;
    } finally {
      lock.unlock();
    }
    if (all) {
      lookedAtAll = System.nanoTime();
    }
    Instant now = parts.clock().instant();
    states.replaceAll((name, s) -> s.status() == ContainerStatus.RUNNING
        && (all || s.runtimeId().filter(ids::contains).isPresent()) ? ContainerSteps.observed(s, look(name, s), now)
        : s);
  }

  /** Whether the last round left the task settled, so only an event, a reopened stream or the safety net looks again. */
  boolean settled() {
    return settled;
  }

  /** Milliseconds (rounded up) until the safety net's look at every container is due; 0 when it is. */
  private long untilSafetyNet() {
    long left = lookedAtAll + parts.settings().reobserveInterval().toNanos() - System.nanoTime();
    return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
  }

  /** Docker's view of the container now, kept for the metadata endpoint. */
  private Optional<ContainerView> look(String name, ContainerState s) {
    Optional<ContainerView> view = parts.runtime().inspect(s.runtimeId().orElseThrow());
    view.ifPresent(v -> views.put(name, v));
    return view;
  }

  /** The endpoint id {@code endpointId} answers for container {@code name} of this task from now on. */
  private void register(String endpointId, String name) {
    parts.metadata().ifPresent(m -> {
      m.book().register(endpointId, name, this::metadataNow);
      endpointIds.add(endpointId);
    });
  }

  /** A new endpoint id for a container about to be created, when the engine serves metadata. */
  private Optional<String> newEndpointId(String name) {
    Optional<String> id = parts.metadata().map(EngineMetadata::newEndpointId);
    id.ifPresent(e -> register(e, name));
    return id;
  }

  /** Publishes the task's state for the metadata endpoint, when the engine serves one. */
  private void publish() {
    parts.metadata().ifPresent(m -> published = Optional.of(new TaskMetadataFacts(parts.settings().cluster(),
        m.availabilityZone(), desired, definition, status, states, views, dockerNames, pullStartedAt, pullStoppedAt,
        executionStoppedAt).metadata()));
    starting.countDown();
  }

  /**
   * The task's latest metadata, for the endpoint's thread. A container may ask the moment Docker
   * starts it, before this worker has recorded that start (and the container's address): such a
   * request waits, briefly, for the record, so a container never sees itself as not yet running.
   */
  private Optional<TaskMetadata> metadataNow() {
    try {
      starting.await(START_SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return published;
  }

  private void act(DesiredTask d, TaskAction action) {
    ContainerDefinition def = snapshotDefinitions().stream().filter(c -> c.name().equals(action.container()))
        .findFirst().orElseThrow();
    ContainerState s = states.get(def.name());
    ContainerState next = switch (action) {
      case TaskAction.Pull p -> {
        pullStartedAt = pullStartedAt.or(() -> Optional.of(parts.clock().instant()));
        yield steps.pull(def, s);
      }
      case TaskAction.Create c -> steps.create(d.task(), definition, def, s, dockerNames, newEndpointId(def.name()));
      case TaskAction.Start st -> {
        if (parts.metadata().isPresent()) {
          starting = new CountDownLatch(1);
        }
        ContainerState started = steps.start(def, s);
        if (parts.metadata().isPresent() && started.status() == ContainerStatus.RUNNING) {
          look(def.name(), started); // its address, for the metadata endpoint, before the next look
        }
        yield started;
      }
      case TaskAction.Stop st -> {
        steps.stop(def, s);
        yield ContainerSteps.observed(s, look(def.name(), s), parts.clock().instant());
      }
      case TaskAction.Abandon a -> a.reason().isPresent() || s.reason().isPresent()
          ? s.abandoned(a.reason().orElse(s.reason().orElse("")), parts.clock().instant())
          : s.advanced(ContainerStatus.STOPPED, parts.clock().instant());
    };
    states.put(def.name(), next);
  }

  private void derive() {
    Instant now = parts.clock().instant();
    if (pullStartedAt.isPresent() && pullStoppedAt.isEmpty()
        && states.values().stream().noneMatch(s -> s.status() == ContainerStatus.NONE)) {
      pullStoppedAt = Optional.of(now);
    }
    status = TaskStatusRules.later(status, TaskStatusRules.lastStatus(snapshotDefinitions(), states));
    health = TaskStatusRules.health(snapshotDefinitions(), states);
    if (TaskStatusRules.STOPPED.equals(status) && executionStoppedAt.isEmpty()) {
      executionStoppedAt = Optional.of(now);
    }
  }

  /**
   * Sends what changed since the last report; true when everything is reported. One call per
   * change: a task report (SubmitTaskStateChange) carries every container, so its containers
   * need no calls of their own. A PENDING task whose only news is its pull times sends nothing
   * (the server made it PENDING): as with the ECS agent, the pull times ride on the task's next
   * status change, and the task goes on to create and start its containers meanwhile instead of
   * waiting for the server to acknowledge them.
   */
  private boolean report() {
    String cluster = parts.settings().cluster();
    List<ContainerReport> all = new ArrayList<>();
    for (ContainerState s : states.values()) {
      all.add(new ContainerReport(cluster, taskArn, s.name(), s.status().wire(), s.runtimeId(), s.exitCode(),
          s.reason(), s.networkBindings(), s.health()));
    }
    List<Object> key = List.of(status, health, pullStartedAt, pullStoppedAt);
    List<Object> news = List.of(status, health);
    boolean due = TaskStatusRules.PENDING.equals(status) ? !news.equals(reportedNews) : !key.equals(reportedTask);
    if (due) {
      return reportTask(all, key, news);
    }
    boolean sent = true;
    for (ContainerReport r : all) {
      // a container that has not run yet shows PENDING, as the server has it already
      if (TaskStatusRules.PENDING.equals(r.status()) || r.equals(reportedContainers.get(r.containerName()))) {
        continue;
      }
      try {
        parts.reporter().containerChanged(r);
        reportedContainers.put(r.containerName(), r);
      } catch (RuntimeException e) {
        sent = false;
        LOG.log(System.Logger.Level.WARNING, "Cannot report container " + r.containerName() + " of " + taskArn
            + " yet (will retry): " + e.getMessage());
      }
    }
    return sent;
  }

  private boolean reportTask(List<ContainerReport> all, List<Object> key, List<Object> news) {
    Optional<TaskStopCode> code = stopping.map(TaskStopCause::stopCode);
    TaskReport r = new TaskReport(parts.settings().cluster(), taskArn, status, code,
        stopping.map(TaskStopCause::reason), pullStartedAt, pullStoppedAt, executionStoppedAt, health, all);
    try {
      parts.reporter().taskChanged(r);
      reportedTask = key;
      reportedNews = news;
      all.forEach(c -> reportedContainers.put(c.containerName(), c));
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot report task " + taskArn + " yet (will retry): " + e.getMessage());
      return false;
    }
  }

  /** Waits out the cleanup duration (unless the agent stops first), then removes the task's containers. */
  private void cleanUp() throws InterruptedException {
    long deadline = System.nanoTime() + parts.settings().taskCleanupWaitDuration().toNanos();
    while (!closed && System.nanoTime() < deadline) {
      await(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
    }
    if (closed) {
      return;
    }
    for (ContainerState s : states.values()) {
      s.runtimeId().ifPresent(id -> {
        try {
          parts.runtime().remove(id);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "Cannot remove container " + id + " of " + taskArn + ": "
              + e.getMessage());
        }
      });
      parts.ports().release(s.networkBindings());
    }
    done = true;
  }

  private void await(long millis) throws InterruptedException {
    lock.lock();
    try {
      if (!woken && millis > 0) {
        changed.await(millis, TimeUnit.MILLISECONDS);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  private List<ContainerDefinition> snapshotDefinitions() {
    return Objects.requireNonNullElse(definition.containerDefinitions(), List.of());
  }
}
