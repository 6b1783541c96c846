package dev.gantry.agent.channel;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The lease of the previous agent process, kept by a restarted one until its first poll is
 * answered. The server counts its fencing deadline from the last poll it saw, whichever process
 * sent it, so an agent restarted while the host is cut off (a crash, an upgrade, systemd) must
 * still stop the fenced tasks by the deadline the old process held: the new one has no lease of
 * its own yet, and its containers run on without it.
 *
 * <p>Algorithm: at start, the time left on the {@link SavedLease} (wall clock, bounded by one
 * lease) becomes a deadline on this process's monotonic clock. If no poll has been answered by
 * then, the fenced tasks' containers are stopped at once (a deadline already past stops them at
 * start); {@link #answered} tells {@link LeaseFence} which tasks that were, so that they stay
 * stopped. The first answered poll ends this fence: from then on LeaseFence holds the server's
 * new lease, as after any answer.
 */
public final class RestartFence implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RestartFence.class.getName());

  private final Optional<SavedLease> saved;
  private final Consumer<SavedLease> stop;
  private final LongSupplier nanoTime;
  private final long deadline;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean answered;
  private boolean fired;
  /** The fenced tasks' containers were stopped (the stop returned, whatever it achieved). */
  private boolean stopped;
  private boolean closed;

  /**
   * A fence for {@code saved} as read at {@code now}; {@code stop} stops the containers of its
   * fenced tasks (SIGTERM, then SIGKILL after each task's stop timeout).
   */
  public RestartFence(Optional<SavedLease> saved, Instant now, LongSupplier nanoTime, Consumer<SavedLease> stop) {
    this.saved = saved.filter(s -> !s.fencedTasks().isEmpty());
    this.stop = stop;
    this.nanoTime = nanoTime;
    this.deadline = nanoTime.getAsLong() + this.saved.map(s -> s.remaining(now).toNanos()).orElse(0L);
  }

  /** A fence with nothing to enforce: the first start, or no fenced tasks when the last process ended. */
  public static RestartFence none() {
    return new RestartFence(Optional.empty(), Instant.EPOCH, () -> 0L, s -> { });
  }

  /** Watches the deadline on a new virtual thread, when there is a saved lease to keep. */
  public RestartFence start() {
    saved.ifPresent(s -> {
      LOG.log(System.Logger.Level.INFO, "Keeping the fencing lease of the previous agent process: unless a poll is "
          + "answered first, " + s.fencedTasks().size() + " fenced task(s) stop at " + s.deadline());
      Thread.ofVirtual().name("restart-fence").start(this);
    });
    return this;
  }

  @Override
  public void run() {
    try {
      while (true) {
        lock.lock();
        try {
          if (closed || answered || fired) {
            return;
          }
          long wait = deadline - nanoTime.getAsLong();
          if (wait > 0) {
            changed.awaitNanos(wait);
            continue;
          }
        } finally {
          lock.unlock();
        }
        fireIfDue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the saved fenced tasks when the deadline has passed and no poll was answered; true if it did. */
  boolean fireIfDue() {
    lock.lock();
    try {
      if (saved.isEmpty() || answered || fired || closed || deadline - nanoTime.getAsLong() > 0) {
        return false;
      }
      fired = true;
    } finally {
      lock.unlock();
    }
    SavedLease s = saved.get();
    LOG.log(System.Logger.Level.WARNING, "No answer from the control plane since the agent restarted, and the lease "
        + "of the previous agent process lapsed at " + s.deadline() + ": stopping " + s.fencedTasks().size()
        + " fenced task(s) so that they cannot run twice");
    try {
      stop.accept(s);
    } finally {
      lock.lock();
      try {
        stopped = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
    return true;
  }

  /**
   * Waits until this fence has nothing more to do: no saved lease, a poll answered, the fence
   * closed, or the deadline passed and the fenced tasks stopped. An agent that gives up waits
   * here before it exits, as no process would stop those tasks after it; the wait is at most
   * one lease plus the tasks' stop.
   */
  public void awaitEnded() throws InterruptedException {
    lock.lock();
    try {
      while (saved.isPresent() && !answered && !closed && !stopped) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A poll was answered: this fence ends. Returns the tasks it stopped (to keep stopped), the
   * first time only; empty when it stopped none.
   */
  Set<String> answered() {
    lock.lock();
    try {
      if (answered) {
        return Set.of();
      }
      answered = true;
      changed.signalAll();
      return fired ? saved.map(s -> s.fencedTasks().keySet()).orElse(Set.of()) : Set.of();
    } finally {
      lock.unlock();
    }
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
