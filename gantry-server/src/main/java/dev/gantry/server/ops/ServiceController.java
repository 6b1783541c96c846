package dev.gantry.server.ops;

import dev.gantry.model.arn.ArnFormat;
import dev.gantry.reconcile.SchedulerSettings;
import dev.gantry.reconcile.ServiceReconciler;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.StateStore;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The service scheduler's controller: keeps every service's tasks as its reconciler wants them.
 *
 * <p>Leader only: with several servers exactly one must run it (behind leader election). Gantry
 * runs one server today, so it always runs, started and stopped with the server.
 *
 * <p>Level-triggered: store watches on the services, tasks and instances prefixes mark the
 * cluster of every changed key dirty; one virtual thread reconciles dirty clusters, each service
 * in turn ({@link ServiceScheduler}); it also comes back at the earliest {@code wakeAt} a plan
 * asked for (a task settles, a grace period or backoff ends, a fencing deadline passes) and does
 * a slow full pass over every cluster as a safety net. Its own writes mark their cluster dirty
 * again; the pass that follows finds nothing to change and writes nothing. A watch that ends
 * (the store compacted past it) is opened again and every cluster marked dirty.
 */
public final class ServiceController implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServiceController.class.getName());
  /** The safety-net full pass. */
  public static final Duration FULL_PASS = Duration.ofSeconds(30);
  private static final List<String> WATCHED = List.of(Keys.SERVICES, Keys.TASKS, Keys.INSTANCES);

  private final StateStore store;
  private final ServiceScheduler scheduler;
  private final Clock clock;
  private final Duration fullPass;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<String> dirty = new TreeSet<>();
  private final Map<String, Instant> wakeAt = new HashMap<>();
  private final List<Watch> watches = new ArrayList<>();
  private volatile boolean closed;
  private boolean fullPassDue = true;
  private Thread thread;

  /** When this server last heard from an instance's agent (AgentChannel::lastSeen). */
  @FunctionalInterface
  public interface LastSeen {
    Optional<Instant> lastSeen(String cluster, String instanceId);
  }

  /**
   * How long the scheduler took per service reconciled (all attempts of it): {@code recorded}
   * services in all, the latest of them (up to 16,384) in {@code recentNanos}, oldest first.
   */
  public record PassTimes(long recorded, List<Long> recentNanos) {
    public PassTimes {
      recentNanos = List.copyOf(recentNanos);
    }
  }

  /** The per-service pass times so far (for benchmarks and diagnostics). */
  public PassTimes passTimes() {
    return scheduler.passTimes();
  }

  ServiceController(StateStore store, ServiceScheduler scheduler, Clock clock, Duration fullPass) {
    this.store = store;
    this.scheduler = scheduler;
    this.clock = clock;
    this.fullPass = fullPass;
  }

  /** Starts the controller over {@code store}: its watches, then its thread, which begins with a full pass. */
  public static ServiceController start(StateStore store, ServerSettings settings, SchedulerSettings timing,
      Clock clock, LastSeen lastSeen) {
    ServiceScheduler scheduler = new ServiceScheduler(store, new ArnFormat(settings.region(), settings.accountId()),
        new ServiceReconciler(timing), clock, new SecureRandom(), lastSeen, clock.instant());
    ServiceController controller = new ServiceController(store, scheduler, clock, FULL_PASS);
    controller.start();
    return controller;
  }

  void start() {
    watchAll(store.revision());
    thread = Thread.ofVirtual().name("gantry-service-scheduler").start(this::run);
  }

  private void watchAll(long fromRevision) {
    synchronized (watches) {
      for (String prefix : WATCHED) {
        Watch w = store.watch(prefix, fromRevision, e -> changed(prefix, e));
        w.stopped().whenComplete((ok, error) -> {
          if (error != null && !closed) {
            LOG.log(Level.INFO, "the service scheduler's watch on " + prefix + " ended (" + error
                + "); watching again and reconciling every cluster");
            reopen(w);
          }
        });
        watches.add(w);
      }
    }
  }

  private void reopen(Watch ended) {
    synchronized (watches) {
      watches.remove(ended);
      watches.forEach(Watch::close);
      watches.clear();
    }
    lock.lock();
    try {
      fullPassDue = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!closed) {
      watchAll(store.revision());
    }
  }

  private void changed(String prefix, WatchEvent event) {
    String rest = event.kv().key().substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return;
    }
    markDirty(rest.substring(0, slash));
  }

  /** Asks for a pass over {@code cluster} soon. */
  void markDirty(String cluster) {
    lock.lock();
    try {
      if (dirty.add(cluster)) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    Instant nextFullPass = clock.instant();
    while (!closed) {
      Set<String> todo;
      lock.lock();
      try {
        Instant now = clock.instant();
        if (fullPassDue || !now.isBefore(nextFullPass)) {
          fullPassDue = false;
          nextFullPass = now.plus(fullPass);
          dirty.addAll(clustersWithServices());
        }
        wakeAt.entrySet().removeIf(e -> {
          boolean due = !now.isBefore(e.getValue());
          if (due) {
            dirty.add(e.getKey());
          }
          return due;
        });
        if (dirty.isEmpty()) {
          Instant until = wakeAt.values().stream().min(Instant::compareTo).filter(nextFullPass::isAfter)
              .orElse(nextFullPass);
          long nanos = Math.max(1_000_000, Duration.between(now, until).toNanos());
          changed.awaitNanos(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
          continue;
        }
        todo = new TreeSet<>(dirty);
        dirty.clear();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the service scheduler could not list the clusters; trying again", e);
        sleepQuietly();
        continue;
      } finally {
        if (lock.isHeldByCurrentThread()) {
          lock.unlock();
        }
      }
      for (String cluster : todo) {
        if (closed) {
          return;
        }
        Optional<Instant> wake = pass(cluster);
        lock.lock();
        try {
          wake.ifPresentOrElse(w -> wakeAt.put(cluster, w), () -> wakeAt.remove(cluster));
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private Optional<Instant> pass(String cluster) {
    try {
      return scheduler.reconcile(cluster);
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.log(Level.WARNING, "the service scheduler pass over cluster " + cluster + " failed; trying again", e);
      }
      return Optional.of(clock.instant().plus(ServiceScheduler.RETRY));
    }
  }

  private Set<String> clustersWithServices() {
    Set<String> clusters = new TreeSet<>();
    store.range(Range.prefix(Keys.SERVICES)).kvs().forEach(kv -> {
      String rest = kv.key().substring(Keys.SERVICES.length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        clusters.add(rest.substring(0, slash));
      }
    });
    return clusters;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(ServiceScheduler.RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the watches and the thread (a pass in progress is interrupted at its next store call or ends). */
  @Override
  public void close() {
    closed = true;
    synchronized (watches) {
      watches.forEach(Watch::close);
      watches.clear();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
