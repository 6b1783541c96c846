package dev.gantry.agent.channel;

import dev.gantry.agent.engine.DesiredTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 */
public final class LeaseFence implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LeaseFence.class.getName());

  private final Consumer<List<DesiredTask>> engine;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<String> fenced = new HashSet<>();
  private List<DesiredTask> last = List.of();
  private long deadline;
  private boolean leased;
  private Duration lease = Duration.ZERO;
  private boolean closed;

  public LeaseFence(Consumer<List<DesiredTask>> engine, LongSupplier nanoTime) {
    this.engine = engine;
    this.nanoTime = nanoTime;
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
      Set<String> present = new HashSet<>();
      tasks.forEach(t -> present.add(t.taskArn()));
      fenced.retainAll(present);
      leased = serverLease != null && !serverLease.isZero() && !serverLease.isNegative();
      if (leased) {
        lease = serverLease;
        deadline = sentAtNanos + serverLease.toNanos();
      }
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
