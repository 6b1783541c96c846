package dev.gantry.agent.channel;

import dev.gantry.agent.engine.DesiredTask;
import dev.gantry.model.ContainerDefinition;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Stops the instance's fenced tasks when the agent has lost the control plane for longer than
 * its lease, so that a service that may run at most N copies never runs N+1 while the
 * scheduler replaces them elsewhere.
 *
 * <p>Timing: the lease is what the server grants in every poll answer ({@code fenceLeaseMillis}:
 * its liveness TTL plus half its fencing margin). It runs from the moment the agent <em>sent</em>
 * the last poll that was answered. The server counts from when it received that poll, which is
 * later, and starts replacements only after the TTL, the tasks' stopTimeout and the whole
 * margin, so the agent has always stopped them first (docs/services.md has the timeline). Both
 * ends measure durations on their own monotonic clocks: no clock synchronisation is assumed,
 * only clocks that tick at nearly the same rate.
 *
 * <p>A task fenced once stays stopped: a later answer that still says RUNNING (the server had
 * not decided yet) does not start it again, because the server will replace or has replaced it.
 * Sets pass through unchanged while the lease holds.
 *
 * <p>Restarts: with a {@link Persistence}, every answer that grants a lease saves it (its end on
 * the wall clock and the fenced tasks meant to run, each with the longest its containers take to
 * stop) in a {@link LeaseFile}, for the next process's {@link RestartFence}; the first answer
 * to this process ends that fence, and the tasks it stopped stay stopped here.
 */
public final class LeaseFence implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LeaseFence.class.getName());

  private final Consumer<List<DesiredTask>> engine;
  private final LongSupplier nanoTime;
  private final Optional<Persistence> persistence;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<String> fenced = new HashSet<>();
  private List<DesiredTask> last = List.of();
  private long deadline;
  private boolean leased;
  private Duration lease = Duration.ZERO;
  private boolean closed;
  /** Whether the lease file may exist: saves without fenced tasks delete it once, not on every poll. */
  private boolean saved = true;
  private boolean saveFailed;

  /**
   * What the fence keeps across agent restarts: where the lease is saved, for which instance,
   * the agent's default stop timeout (ECS_CONTAINER_STOP_TIMEOUT, for containers without their
   * own), the wall clock the saved deadline is read on, and the previous process's fence.
   */
  public record Persistence(LeaseFile file, String containerInstanceArn, Duration defaultStopTimeout, Clock wall,
      RestartFence previous) {}

  /** A fence that keeps nothing across restarts. */
  public LeaseFence(Consumer<List<DesiredTask>> engine, LongSupplier nanoTime) {
    this(engine, nanoTime, Optional.empty());
  }

  public LeaseFence(Consumer<List<DesiredTask>> engine, LongSupplier nanoTime, Optional<Persistence> persistence) {
    this.engine = engine;
    this.nanoTime = nanoTime;
    this.persistence = persistence;
  }

  /** Runs the deadline watch on a new virtual thread. */
  public LeaseFence start() {
    Thread.ofVirtual().name("lease-fence").start(this);
    return this;
  }

  /**
   * An answer to the poll sent at {@code sentAtNanos} arrived: renews the lease (when the server
   * states one) and hands the set to the engine, with the tasks fenced earlier kept stopped.
   */
  public void answered(long sentAtNanos, List<DesiredTask> tasks, Duration serverLease) {
    lock.lock();
    try {
      last = List.copyOf(tasks);
      persistence.ifPresent(p -> fenced.addAll(p.previous().answered()));
      Set<String> present = new HashSet<>();
      tasks.forEach(t -> present.add(t.taskArn()));
      fenced.retainAll(present);
      leased = serverLease != null && !serverLease.isZero() && !serverLease.isNegative();
      if (leased) {
        lease = serverLease;
        deadline = sentAtNanos + serverLease.toNanos();
      }
      persistence.ifPresent(p -> save(p, sentAtNanos));
      engine.accept(withFencedStopped(last, fenced, lease));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    lock.lock();
    try {
      while (!closed) {
        long wait = leased ? deadline - nanoTime.getAsLong() : Long.MAX_VALUE;
        if (wait > 0) {
          changed.awaitNanos(Math.min(wait, TimeUnit.SECONDS.toNanos(60)));
        } else {
          fenceIfLapsed();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** When the lease has lapsed, stops the fenced tasks of the last set; true if it stopped any. */
  boolean fenceIfLapsed() {
    lock.lock();
    try {
      if (!leased || deadline - nanoTime.getAsLong() > 0) {
        return false;
      }
      leased = false; // until the next answer renews the lease
      int before = fenced.size();
      last.stream().filter(DesiredTask::fenced).filter(t -> !t.desiredStopped()).forEach(t -> fenced.add(t.taskArn()));
      if (fenced.size() == before) {
        return false;
      }
      LOG.log(System.Logger.Level.WARNING, "No answer from the control plane within the " + text(lease)
          + " lease: stopping " + (fenced.size() - before) + " fenced task(s) so that they cannot run twice");
      engine.accept(withFencedStopped(last, fenced, lease));
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Saves the lease just granted (none: no fenced tasks), for a restarted agent. */
  private void save(Persistence p, long sentAtNanos) {
    Map<String, Duration> tasks = leased ? fencedToRun(last, p.defaultStopTimeout()) : Map.of();
    if (tasks.isEmpty() && !saved) {
      return;
    }
    Instant sentAt = p.wall().instant().minusNanos(nanoTime.getAsLong() - sentAtNanos);
    try {
      p.file().write(new SavedLease(p.containerInstanceArn(), sentAt.plus(lease), lease, tasks));
      saved = !tasks.isEmpty();
      saveFailed = false;
    } catch (UncheckedIOException e) {
      if (!saveFailed) {
        LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": an agent restarted while cut off could not stop "
            + "its fenced tasks in time");
      }
      saveFailed = true;
    }
  }

  /** The fenced tasks meant to run, each with the longest its containers take to stop (as ContainerSteps stops them). */
  static Map<String, Duration> fencedToRun(List<DesiredTask> tasks, Duration defaultStopTimeout) {
    Map<String, Duration> out = new TreeMap<>();
    for (DesiredTask t : tasks) {
      if (!t.fenced() || t.desiredStopped()) {
        continue;
      }
      List<ContainerDefinition> containers = t.taskDefinition() == null ? List.of()
          : Objects.requireNonNullElse(t.taskDefinition().containerDefinitions(), List.of());
      Duration longest = containers.isEmpty() ? defaultStopTimeout : Duration.ZERO;
      for (ContainerDefinition c : containers) {
        Duration d = c.stopTimeout() == null ? defaultStopTimeout : Duration.ofSeconds(Math.max(0, c.stopTimeout()));
        longest = d.compareTo(longest) > 0 ? d : longest;
      }
      out.put(t.taskArn(), longest);
    }
    return out;
  }

  /** The set with every fenced task desired STOPPED, saying why. */
  static List<DesiredTask> withFencedStopped(List<DesiredTask> tasks, Set<String> fenced, Duration lease) {
    if (fenced.isEmpty()) {
      return tasks;
    }
    List<DesiredTask> out = new ArrayList<>(tasks.size());
    for (DesiredTask t : tasks) {
      out.add(fenced.contains(t.taskArn()) && !t.desiredStopped() ? new DesiredTask(t.task().toBuilder()
          .desiredStatus("STOPPED")
          .stoppedReason("Stopped by the agent: no contact with the control plane for longer than the "
              + text(lease) + " lease, and the service runs at most maximumPercent 100")
          .build(), t.taskDefinition(), true) : t);
    }
    return out;
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
