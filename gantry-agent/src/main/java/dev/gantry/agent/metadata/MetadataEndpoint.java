package dev.gantry.agent.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The task metadata endpoint version 4, served to task containers the way the ECS agent serves
 * it: {@code GET /v4/<endpointId>} is the asking container's document, {@code .../task} its
 * task's. The agent injects {@link #uriFor} as {@code ECS_CONTAINER_METADATA_URI_V4}.
 *
 * <p>Constraints: it must be reachable from containers but from nowhere else, so it binds one
 * given address (on Linux bridge networking the docker0 gateway, e.g. 172.17.0.1) and never the
 * wildcard. The endpoint id is the only credential a container holds, so ids are 128 random
 * bits and an unknown id answers 404 without telling whether the task exists. Docker stats are
 * not collected by Gantry: {@code /stats} and {@code /task/stats} answer 501 with a JSON message
 * rather than made-up numbers.
 *
 * <p>One virtual thread per request; each request reads one snapshot from the
 * {@link MetadataSource}.
 */
public final class MetadataEndpoint implements AutoCloseable {
  /** The port ECS reserves on container instances for its metadata and credentials endpoints. */
  public static final int DEFAULT_PORT = 51679;
  /** The variable the agent sets in each task container. */
  public static final String URI_VARIABLE = "ECS_CONTAINER_METADATA_URI_V4";

  private static final System.Logger LOG = System.getLogger(MetadataEndpoint.class.getName());
  private static final String PREFIX = "/v4/";
  private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
  private static final int ID_BYTES = 16;

  private final HttpServer server;
  private final ExecutorService executor;
  private final MetadataSource source;
  private final String base;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MetadataEndpoint(HttpServer server, ExecutorService executor, MetadataSource source) {
    this.server = server;
    this.executor = executor;
    this.source = source;
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().getHostAddress();
    if (bound.getAddress() instanceof Inet6Address) {
      host = "[" + host.replaceFirst("%.*$", "") + "]";
    }
    this.base = "http://" + host + ":" + bound.getPort() + PREFIX;
  }

  /**
   * Binds {@code address} on {@code port} (0 for any free port; {@link #DEFAULT_PORT} in
   * production) and starts answering from {@code source}.
   *
   * @throws IllegalArgumentException for the wildcard address, which would expose task
   *     metadata to every network the host is on
   * @throws IOException when the address cannot be bound (in use, or not this host's)
   */
  public static MetadataEndpoint start(InetAddress address, int port, MetadataSource source) throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
    if (address.isAnyLocalAddress()) {
      throw new IllegalArgumentException("the task metadata endpoint must not listen on the wildcard address "
          + address.getHostAddress() + ": give the address task containers reach the host by (the docker0 "
          + "gateway, e.g. 172.17.0.1)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("task metadata endpoint port " + port + " is not in 0..65535");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 128);
    } catch (IOException e) {
      throw new IOException("cannot listen for the task metadata endpoint on " + address.getHostAddress() + ":"
          + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    MetadataEndpoint endpoint = new MetadataEndpoint(server, executor, source);
    server.createContext("/", endpoint::exchange);
    server.start();
    return endpoint;
  }

  /** A fresh endpoint id: 128 bits from {@code random} (a SecureRandom in production), as hex. */
  public static String newEndpointId(RandomGenerator random) {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The value of {@code ECS_CONTAINER_METADATA_URI_V4} for the container given {@code endpointId}. */
  public URI uriFor(String endpointId) {
    if (!ENDPOINT_ID.matcher(endpointId).matches()) {
      throw new IllegalArgumentException("endpoint id " + endpointId
          + " is not 1 to 128 letters, digits or dashes");
    }
    return URI.create(base + endpointId);
  }

  /** The bound address, with the real port. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "task metadata requests were still running when the endpoint closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void exchange(HttpExchange exchange) {
    try (exchange) {
      Answer answer;
      try {
        answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
      } catch (RuntimeException e) {
        // a failing source fails this request only; the listener keeps serving
        LOG.log(Level.WARNING, "task metadata request failed", e);
        answer = new Answer(500, MetadataJson.message("V4 task metadata: the agent could not read its task state: "
            + e.getMessage()));
      }
      send(exchange, answer);
    } catch (IOException e) {
      // the container went away mid-answer; nothing to tell it
      LOG.log(Level.DEBUG, "task metadata request ended early: " + e.getMessage());
    }
  }

  /** One answer: HTTP status and JSON body. */
  record Answer(int status, JsonNode body) {}

  /** Routing, pure but for the source lookup. */
  Answer answer(String method, String path) {
    if (!path.startsWith(PREFIX)) {
      return new Answer(404, MetadataJson.message("Nothing is served at " + shorten(path)
          + "; the task metadata endpoint is " + PREFIX + "<id> (ECS_CONTAINER_METADATA_URI_V4)"));
    }
    List<String> parts = List.of(path.substring(PREFIX.length()).split("/", -1));
    String id = parts.getFirst();
    List<String> rest = parts.subList(1, parts.size());
    Optional<Resource> resource = Resource.of(rest);
    if (resource.isEmpty() || !ENDPOINT_ID.matcher(id).matches()) {
      return new Answer(404, MetadataJson.message("Nothing is served at " + shorten(path) + "; under "
          + PREFIX + "<id> there are <id>, <id>/task, <id>/stats and <id>/task/stats"));
    }
    if (!method.equals("GET")) {
      return new Answer(405, MetadataJson.message("V4 task metadata: " + method + " is not allowed; only GET"));
    }
    Optional<EndpointView> view = source.viewOf(id);
    if (view.isEmpty()) {
      return new Answer(404, MetadataJson.message("V4 task metadata: no task container has endpoint id " + id
          + " (its task may have been cleaned up)"));
    }
    return switch (resource.get()) {
      case CONTAINER -> new Answer(200, MetadataJson.container(view.get().container()));
      case TASK -> new Answer(200, MetadataJson.task(view.get().task()));
      case CONTAINER_STATS, TASK_STATS -> new Answer(501, MetadataJson.message(
          "V4 task metadata: Docker stats are not supported by the Gantry agent; "
              + "read them with docker stats on the host"));
    };
  }

  private enum Resource {
    CONTAINER, TASK, CONTAINER_STATS, TASK_STATS;

    /** The resource the path after the id names, if any (a trailing slash is tolerated). */
    static Optional<Resource> of(List<String> rest) {
      List<String> named = rest.isEmpty() || !rest.getLast().isEmpty() ? rest : rest.subList(0, rest.size() - 1);
      return switch (String.join("/", named)) {
        case "" -> Optional.of(CONTAINER);
        case "task" -> Optional.of(TASK);
        case "stats" -> Optional.of(CONTAINER_STATS);
        case "task/stats" -> Optional.of(TASK_STATS);
        default -> Optional.empty();
      };
    }
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = MetadataJson.bytes(answer.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (answer.status() == 405) {
      exchange.getResponseHeaders().set("Allow", "GET");
    }
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(answer.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String shorten(String path) {
    return path.length() > 128 ? path.substring(0, 128) + "..." : path;
  }
}
