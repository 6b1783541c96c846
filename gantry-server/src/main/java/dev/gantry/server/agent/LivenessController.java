package dev.gantry.server.agent;

import dev.gantry.model.ContainerInstance;
import dev.gantry.server.agent.Heartbeats.InstanceRef;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps {@code agentConnected} of container instances true while their agents poll, false
 * once they stop. Heartbeat times live in memory ({@link Heartbeats}); the store is written only
 * when an instance's state flips.
 *
 * <p>Timing, with TTL the liveness TTL (default 10 s): a poll marks its instance connected at
 * once (the poll handler calls {@link #heartbeat}). Polls are held for at most TTL/2, so a
 * live agent is heard from at least every TTL/2 plus a round trip. One virtual thread checks
 * every {@link #tick} (TTL/10, between 50 ms and 1 s) and marks an instance disconnected
 * between TTL and TTL + tick after its last poll. Every TTL/2 it also scans the registered
 * instances, so that one that is connected in the store but never polls this server (registered
 * and then silent, or connected before the server started) gets its TTL from when it was first
 * noticed: it is marked disconnected at most 1.5 TTL + tick after that.
 *
 * <p>A poll that races the controller's write can leave a polling agent disconnected; its next
 * poll (within TTL/2) marks it connected again. This controller is leader-less: each server
 * judges by the polls it receives, which is right for one server; with several servers it must
 * run on the leader only, with agents polling the leader.
 */
final class LivenessController implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LivenessController.class.getName());
  private static final int WRITE_ATTEMPTS = 8;

  private final StateStore store;
  private final Clock clock;
  private final Duration ttl;
  private final Heartbeats heartbeats = new Heartbeats();
  private volatile Thread thread;
  private volatile boolean closed;

  LivenessController(StateStore store, Clock clock, Duration ttl) {
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Starts the checking thread. */
  void start() {
    thread = Thread.ofVirtual().name("gantry-liveness").start(this::run);
  }

  Duration tick() {
    long millis = Math.clamp(ttl.toMillis() / 10, 50, 1000);
    return Duration.ofMillis(millis);
  }

  /** A poll from the instance's agent, whose stored record is {@code stored}. */
  void heartbeat(InstanceRef instance, Instant now, ContainerInstance stored) {
    heartbeats.polled(instance, now);
    if (!Boolean.TRUE.equals(stored.agentConnected())) {
      setConnected(instance, true, now);
    }
  }

  /** When the instance's agent was last heard from by this server, if it was. */
  Optional<Instant> lastSeen(InstanceRef instance) {
    return heartbeats.lastSeen(instance);
  }

  /** Marks disconnected every connected instance not heard from for the TTL. */
  void sweep(Instant now) {
    for (InstanceRef instance : heartbeats.expired(now, ttl)) {
      if (setConnected(instance, false, now)) {
        heartbeats.disconnected(instance);
      }
    }
  }

  /** Reads the registered instances and notices the connected ones this server has not heard from. */
  void scan(Instant now) {
    Set<InstanceRef> registered = new HashSet<>();
    for (KeyValue kv : store.range(Range.prefix(Keys.INSTANCES)).kvs()) {
      Optional<InstanceRef> ref = ref(kv.key());
      Optional<ContainerInstance> instance = decode(kv).filter(ci -> !"INACTIVE".equals(ci.status()));
      if (ref.isPresent() && instance.isPresent()) {
        registered.add(ref.get());
        heartbeats.noticed(ref.get(), Boolean.TRUE.equals(instance.get().agentConnected()), now);
      }
    }
    heartbeats.retainOnly(registered);
  }

  /**
   * Writes agentConnected unless the record already says so (or is gone or deregistered); a
   * disconnect only while the instance is still expired. Whether the record now says so.
   */
  private boolean setConnected(InstanceRef instance, boolean connected, Instant now) {
    String key = Keys.instance(instance.cluster(), instance.instanceId());
    for (int i = 0; i < WRITE_ATTEMPTS; i++) {
      Optional<KeyValue> kv = store.get(key);
      Optional<ContainerInstance> read = kv.flatMap(LivenessController::decode);
      if (read.isEmpty() || "INACTIVE".equals(read.get().status())) {
        return false;
      }
      ContainerInstance current = read.get();
      if (Boolean.valueOf(connected).equals(current.agentConnected())) {
        return true;
      }
      if (!connected && !heartbeats.isExpired(instance, now, ttl)) {
        return false;
      }
      ContainerInstance next = current.toBuilder().agentConnected(connected).build();
      Txn txn = new Txn(List.of(Compare.unchanged(kv.get())),
          List.of(new Op.Put(key, JsonCodec.encode(next), kv.get().lease())));
      if (store.txn(txn).succeeded()) {
        LOG.log(Level.INFO, "container instance " + current.containerInstanceArn() + ": agentConnected "
            + connected + (connected ? " (its agent polls)" : " (no poll for " + ttl.toMillis() + " ms)"));
        return true;
      }
    }
    LOG.log(Level.WARNING, "could not set agentConnected " + connected + " on " + key
        + ": the record kept changing; trying again later");
    return false;
  }

  private void run() {
    Instant nextScan = clock.instant().plus(ttl.dividedBy(2));
    while (!closed) {
      try {
        Instant now = clock.instant();
        if (!now.isBefore(nextScan)) {
          scan(now);
          nextScan = now.plus(ttl.dividedBy(2));
        }
        sweep(now);
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(Level.WARNING, "the liveness check failed; trying again", e);
      }
      try {
        Thread.sleep(tick());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** {@code /instances/<cluster>/<id>} as a reference. */
  private static Optional<InstanceRef> ref(String key) {
    String rest = key.substring(Keys.INSTANCES.length());
    int slash = rest.indexOf('/');
    return slash <= 0 || slash == rest.length() - 1 ? Optional.empty()
        : Optional.of(new InstanceRef(rest.substring(0, slash), rest.substring(slash + 1)));
  }

  private static Optional<ContainerInstance> decode(KeyValue kv) {
    try {
      return Optional.of(JsonCodec.decode(kv.value(), ContainerInstance.class));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the container instance record " + kv.key() + " cannot be read: " + e);
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
