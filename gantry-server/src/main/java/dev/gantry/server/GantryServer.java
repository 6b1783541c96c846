package dev.gantry.server;

import dev.gantry.server.agent.AgentChannel;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.server.api.SignedRoute;
import java.util.ArrayList;
import java.util.List;
import dev.gantry.server.auth.CredentialStore;
import dev.gantry.server.http.EcsHttpServer;
import dev.gantry.server.ops.Operations;
import dev.gantry.server.ops.ServiceController;
import dev.gantry.server.ops.TaskReaper;
import dev.gantry.store.StateStore;
import dev.gantry.store.SqliteStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;

/**
 * The control plane as one object: a store, the ECS operations over it, the agent channel, and
 * the HTTP listener that serves them to SigV4-signed callers. {@link #close()} answers held
 * agent polls, stops accepting, lets requests in flight finish for a moment, then closes the
 * store.
 */
public final class GantryServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GantryServer.class.getName());

  private final EcsHttpServer http;
  private final AgentChannel agents;
  private final ServiceController services;
  private final TaskReaper reaper;
  private final StateStore store;
  private final ServerSettings settings;

  private GantryServer(EcsHttpServer http, AgentChannel agents, ServiceController services, TaskReaper reaper,
      StateStore store, ServerSettings settings) {
    this.http = http;
    this.agents = agents;
    this.services = services;
    this.reaper = reaper;
    this.store = store;
    this.settings = settings;
  }

  /** The store file under a data directory. */
  public static final String STORE_FILE = "gantry.db";

  /**
   * Opens the embedded store at {@code <dataDir>/gantry.db} (creating the directory),
   * binds {@code config.listen()}, serves. The store is closed again if serving fails.
   */
  public static GantryServer start(ServerConfig config) {
    StateStore store;
    try {
      Files.createDirectories(config.dataDir());
      store = SqliteStateStore.open(config.dataDir().resolve(STORE_FILE), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
    try {
      return start(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Binds {@code config.listen()} (port 0 picks a free port) and serves the ECS API over
   * {@code store}, which the server then owns and closes. When this throws, the store is
   * still the caller's.
   */
  public static GantryServer start(ServerConfig config, StateStore store) {
    CredentialStore root = CredentialStore.rootOnly(config.rootAccessKeyId(), config.rootSecretAccessKey());
    EcsHttpServer http;
    try {
      http = EcsHttpServer.bind(config.listen());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
    }
    AgentChannel agents = null;
    ServiceController services = null;
    TaskReaper reaper = null;
    try {
      ServerSettings settings = new ServerSettings(config.region(), config.accountId(), http.endpoint().toString());
      agents = AgentChannel.start(store, Clock.systemUTC(), config.agentLivenessTtl(),
          config.scheduler().fencingMargin().dividedBy(2));
      List<SignedRoute<?, ?>> routes = new ArrayList<>(agents.routes());
      routes.addAll(Operations.routes(store));
      // the service scheduler is a leader-only controller; one server is always the leader today
      services = ServiceController.start(store, settings, config.scheduler(), Clock.systemUTC(), agents::lastSeen);
      // leader-only as well: deletes tasks STOPPED for longer than the retention
      reaper = TaskReaper.start(store, Clock.systemUTC(), config.stoppedTaskRetention());
      http.serve(Operations.all(store, settings), routes, root.orElse(agents.credentials()),
          Clock.systemUTC());
      LOG.log(Level.INFO, "Serving the ECS API at " + settings.endpoint() + " (region " + settings.region()
          + ", account " + settings.accountId() + ")");
      return new GantryServer(http, agents, services, reaper, store, settings);
    } catch (RuntimeException e) {
      if (reaper != null) {
        reaper.close();
      }
      if (services != null) {
        services.close();
      }
      if (agents != null) {
        agents.close();
      }
      http.close(java.time.Duration.ZERO);
      throw e;
    }
  }

  /** http://host:port of the bound listener (the real port when 0 was asked for). */
  public URI endpoint() {
    return URI.create(settings.endpoint());
  }

  /** How long the service scheduler took per service reconciled, as {@link ServiceController#passTimes()}. */
  public ServiceController.PassTimes servicePassTimes() {
    return services.passTimes();
  }

  public ServerSettings settings() {
    return settings;
  }

  /** Stops accepting, lets in-flight requests finish briefly, closes the store. */
  @Override
  public void close() {
    try {
      reaper.close();
      services.close();
      agents.close();
      http.close(EcsHttpServer.DEFAULT_GRACE);
    } finally {
      store.close();
    }
  }
}
