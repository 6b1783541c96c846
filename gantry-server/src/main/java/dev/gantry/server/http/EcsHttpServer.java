package dev.gantry.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.server.auth.CredentialStore;
import dev.gantry.server.auth.SigV4Verifier;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP listener of the control plane, on the JDK's HTTP server with one virtual thread
 * per request and HTTP/1.1 keep-alive. {@code POST /} is the ECS API ({@link EcsApiHandler});
 * {@code POST /v1/...} are Gantry's own signed routes (the agent channel, agent keys), served
 * the same way; {@code GET /healthz} answers 200 while serving. Binding and serving are two steps so that
 * the operations can be built knowing the real endpoint (port 0 binds an ephemeral port).
 */
public final class EcsHttpServer implements AutoCloseable {
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

  private static final System.Logger LOG = System.getLogger(EcsHttpServer.class.getName());
  private static final byte[] HEALTHY = "ok\n".getBytes(StandardCharsets.US_ASCII);
  /** The JDK server's switch for TCP_NODELAY on accepted connections, read once when its first server starts. */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server writes the response headers and the body in two writes. With Nagle's algorithm on,
    // the body waits for the client to acknowledge the headers, and clients delay that ACK (40 ms on
    // Linux): every AWS SDK call took 40 ms longer than its work. An explicit setting is left alone.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final InetSocketAddress address;
  private volatile EcsApiHandler api;
  private volatile boolean serving;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EcsHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.address = server.getAddress();
  }

  /** Binds {@code listen} (port 0 for any free port); requests wait until {@link #serve}. */
  public static EcsHttpServer bind(InetSocketAddress listen) throws IOException {
    HttpServer server = HttpServer.create(listen, 1024);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    EcsHttpServer http = new EcsHttpServer(server, executor);
    server.createContext("/", http::exchange);
    return http;
  }

  /** The bound address, with the real port. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * {@code http://host:port} for clients: the bound host, or this machine's name when bound to
   * every interface (a client elsewhere cannot use 0.0.0.0).
   */
  public URI endpoint() {
    InetAddress bound = address.getAddress();
    String host;
    if (bound == null) {
      host = address.getHostString();
    } else if (bound.isAnyLocalAddress()) {
      host = localHostName();
    } else {
      host = bound.getHostAddress();
    }
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort());
  }

  /** Starts answering: ECS calls go to {@code operations}, signed by a key in {@code credentials}. */
  public void serve(List<Operation<?, ?>> operations, CredentialStore credentials, Clock clock) {
    serve(operations, List.of(), credentials, clock);
  }

  /** As {@link #serve(List, CredentialStore, Clock)}, plus Gantry's signed routes at their paths. */
  public synchronized void serve(List<Operation<?, ?>> operations, List<SignedRoute<?, ?>> routes,
      CredentialStore credentials, Clock clock) {
    if (api != null) {
      throw new IllegalStateException("already serving");
    }
    api = new EcsApiHandler(operations, routes, new SigV4Verifier(credentials), clock);
    serving = true;
    server.start();
  }

  /** Stops accepting, gives requests in flight up to {@code grace} to finish, then drops the rest. */
  public void close(Duration grace) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serving = false;
    long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
    if (api == null) {
      // The JDK closes a listening channel only once its dispatcher thread has deregistered
      // it, so a server that never started would keep its port: start it to let it stop.
      server.start();
      seconds = 0;
    }
    server.stop((int) Math.min(Integer.MAX_VALUE, seconds));
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "some ECS API requests were still running at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(DEFAULT_GRACE);
  }

  private void exchange(HttpExchange exchange) {
    String requestId = Responses.newRequestId();
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      EcsApiHandler handler = api;
      if (handler == null) {
        Responses.error(exchange, 503, requestId, ErrorType.ServerException.name(), "The server is not serving yet.",
            true);
      } else if (path.equals("/") && method.equals("POST")) {
        handler.handle(exchange, requestId);
      } else if (handler.hasRoute(path) && method.equals("POST")) {
        handler.handleRoute(exchange, requestId);
      } else if (path.equals("/healthz") && (method.equals("GET") || method.equals("HEAD"))) {
        health(exchange, requestId);
      } else {
        boolean known = path.equals("/") || path.equals("/healthz") || handler.hasRoute(path);
        Responses.error(exchange, known ? 405 : 404, requestId,
            ErrorType.UnknownOperationException.name(), "Nothing is served at " + method + " "
                + (path.length() > 128 ? path.substring(0, 128) + "..." : path)
                + "; the ECS API is POST / and the health check GET /healthz.", false);
      }
    } catch (IOException e) {
      // The client went away or broke the protocol; the connection is closed with the exchange.
      LOG.log(Level.DEBUG, "request " + requestId + " ended early: " + e.getMessage());
    }
  }

  private void health(HttpExchange exchange, String requestId) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set(Responses.REQUEST_ID, requestId);
    int status = serving ? 200 : 503;
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] body = serving ? HEALTHY : "stopping\n".getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
