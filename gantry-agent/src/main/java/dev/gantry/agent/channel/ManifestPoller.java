package dev.gantry.agent.channel;

import dev.gantry.agent.engine.DesiredTask;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The agent's poll loop: long-polls the server for the instance's desired task set and hands
 * the whole set to the engine after every answer (the engine reconciles; applying a set twice
 * changes nothing). The poll is also the heartbeat, so the next poll goes out as soon as an
 * answer arrives. A lost answer, a refused connection or a restarted server only cost a retry
 * with {@link Backoff}; the applied revision goes back to the server each time, so it answers at
 * once whenever the agent is behind. A refusal that asking again cannot change
 * ({@link ChannelRefusal#endsPolling}) ends the loop and completes {@link #refused}. Sets go to
 * the engine through the {@link LeaseFence}, which stops fenced tasks once no poll has been
 * answered within the server's lease.
 */
public final class ManifestPoller implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ManifestPoller.class.getName());

  private final AgentChannel channel;
  private final String cluster;
  private final String containerInstanceArn;
  private final LeaseFence fence;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CompletableFuture<ChannelRefusal> refused = new CompletableFuture<>();
  private volatile long appliedRevision;
  private volatile Thread thread;

  public ManifestPoller(AgentChannel channel, String cluster, String containerInstanceArn,
      Consumer<List<DesiredTask>> engine, Backoff backoff, RandomGenerator random) {
    this(channel, cluster, containerInstanceArn, engine, backoff, random, Optional.empty());
  }

  /** A poller whose fence keeps its lease across agent restarts ({@link LeaseFence.Persistence}). */
  public ManifestPoller(AgentChannel channel, String cluster, String containerInstanceArn,
      Consumer<List<DesiredTask>> engine, Backoff backoff, RandomGenerator random,
      Optional<LeaseFence.Persistence> persistence) {
    this.channel = channel;
    this.cluster = cluster;
    this.containerInstanceArn = containerInstanceArn;
    this.fence = new LeaseFence(engine, System::nanoTime, persistence);
    this.backoff = backoff;
    this.random = random;
  }

  /** Runs the loop on a new virtual thread. */
  public ManifestPoller start() {
    fence.start();
    thread = Thread.ofVirtual().name("manifest-poller").start(this);
    return this;
  }

  /** The manifest revision last handed to the engine (0 before the first answer). */
  public long appliedRevision() {
    return appliedRevision;
  }

  @Override
  public void run() {
    int failures = 0;
    while (closed.getCount() > 0) {
      try {
        long sent = System.nanoTime();
        PollAnswer answer = channel.poll(new PollRequest(cluster, containerInstanceArn, appliedRevision));
        fence.answered(sent, answer.tasks(), answer.lease());
        appliedRevision = answer.manifestRevision();
        failures = 0;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (e instanceof ChannelRefusal r && r.endsPolling()) {
          LOG.log(System.Logger.Level.ERROR, "Polling for " + containerInstanceArn + " ends: " + r.getMessage());
          refused.complete(r);
          return;
        }
        failures++;
        Duration wait = backoff.delay(failures, random);
        LOG.log(failures == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "Poll "
            + failures + " of " + containerInstanceArn + " failed (" + e.getMessage() + "); polling again in "
            + wait.toMillis() + " ms");
        try {
          if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Completes, once the loop has ended, when the server refused the poll for good. */
  public CompletionStage<ChannelRefusal> refused() {
    return refused;
  }

  @Override
  public void close() {
    closed.countDown();
    fence.close();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
