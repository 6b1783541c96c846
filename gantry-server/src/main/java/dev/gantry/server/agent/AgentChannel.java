package dev.gantry.server.agent;

import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.server.auth.CredentialStore;
import dev.gantry.store.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server end of the agent channel: the agent key pairs ({@code POST /v1/agent-keys},
 * root only, and their lookup for SigV4), the long-poll of an instance's desired task set
 * ({@code POST /v1/agent/poll}) with one {@link ManifestTracker} per cluster that has polling
 * agents, and the {@link LivenessController} that keeps {@code agentConnected} current.
 * {@link #close} wakes every held poll, so that the HTTP server can stop promptly.
 */
public final class AgentChannel implements AutoCloseable {
  /** The liveness TTL when none is configured. */
  public static final Duration DEFAULT_LIVENESS_TTL = Duration.ofSeconds(10);

  private final StateStore store;
  private final AgentKeyStore keys;
  private final LivenessController liveness;
  private final Map<String, ManifestTracker> trackers = new ConcurrentHashMap<>();
  private final List<SignedRoute<?, ?>> routes;
  private volatile boolean closed;

  private AgentChannel(StateStore store, Clock clock, Duration livenessTtl, Duration fenceSlack) {
    this.store = store;
    this.keys = new AgentKeyStore(store, clock);
    this.liveness = new LivenessController(store, clock, livenessTtl);
    this.routes = List.of(
        new AgentKeyHandler(store, keys, new SecureRandom()).route(),
        new AgentPollHandler(store, liveness, this::tracker, livenessTtl, fenceSlack).route());
  }

  /** Starts the liveness controller; trackers start with each cluster's first poll. */
  public static AgentChannel start(StateStore store, Clock clock, Duration livenessTtl) {
    return start(store, clock, livenessTtl, Duration.ZERO);
  }

  /**
   * As {@link #start(StateStore, Clock, Duration)}, granting agents a fencing lease of the TTL
   * plus {@code fenceSlack} (half the scheduler's fencing margin: see AgentPollHandler).
   */
  public static AgentChannel start(StateStore store, Clock clock, Duration livenessTtl, Duration fenceSlack) {
    if (livenessTtl.isNegative() || livenessTtl.toMillis() < 100) {
      throw new IllegalArgumentException("the agent liveness TTL must be at least 100 ms, not " + livenessTtl);
    }
    AgentChannel channel = new AgentChannel(store, clock, livenessTtl, fenceSlack);
    channel.liveness.start();
    return channel;
  }

  /** The agent key pairs minted into the store. */
  public CredentialStore credentials() {
    return keys;
  }

  /** The signed routes to serve beside the ECS API. */
  public List<SignedRoute<?, ?>> routes() {
    return routes;
  }

  /**
   * When this server last heard from the agent of container instance {@code instanceId} of
   * {@code cluster} (its last poll, or when the instance was first noticed connected); empty when
   * this server has not heard from it at all. In memory: the service scheduler's liveness input.
   */
  public Optional<Instant> lastSeen(String cluster, String instanceId) {
    return liveness.lastSeen(new Heartbeats.InstanceRef(cluster, instanceId));
  }

  private ManifestTracker tracker(String cluster) {
    if (closed) {
      throw new EcsException(ErrorType.ServerException, "The server is stopping; poll again in a moment.");
    }
    return trackers.computeIfAbsent(cluster, c -> ManifestTracker.start(store, c));
  }

  /** Stops the liveness controller and the trackers, answering held polls. */
  @Override
  public void close() {
    closed = true;
    liveness.close();
    trackers.values().forEach(ManifestTracker::close);
  }
}
