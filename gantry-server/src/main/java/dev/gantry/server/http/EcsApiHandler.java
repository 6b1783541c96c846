package dev.gantry.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.HttpExchange;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.server.auth.RequestHeaders;
import dev.gantry.server.auth.SigV4Verifier;
import dev.gantry.server.auth.SignedRequest;
import dev.gantry.store.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ECS API call, {@code POST /}: read the body (bounded), verify the SigV4 signature,
 * dispatch on {@code X-Amz-Target}, check the caller may call the operation, decode the
 * request record, run the handler, write its response record. Gantry's own signed routes
 * ({@code POST /v1/...}, {@link SignedRoute}) take the same path with the route chosen by the
 * URL path instead of the target header.
 *
 * <p>Every failure becomes {@code {"__type","message"}} with {@code X-Amzn-ErrorType}; an
 * {@link EcsException} keeps its type and status, anything else is a logged 500
 * ServerException whose message reveals nothing. Per-request work is kept to the protocol's
 * needs: routes, readers and writers are built once.
 */
final class EcsApiHandler {
  static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  /** ECS's limit on a task definition, the largest request body the API has. */
  static final int MAX_BODY_BYTES = 64 * 1024;
  /** How much of an oversized body is read and discarded to keep the connection usable. */
  static final long DRAIN_BUDGET_BYTES = 4L * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(EcsApiHandler.class.getName());

  private final Map<String, Route> routes;
  private final Map<String, PathRoute> pathRoutes;
  private final SigV4Verifier verifier;
  private final Clock clock;

  EcsApiHandler(List<Operation<?, ?>> operations, SigV4Verifier verifier, Clock clock) {
    this(operations, List.of(), verifier, clock);
  }

  EcsApiHandler(List<Operation<?, ?>> operations, List<SignedRoute<?, ?>> signedRoutes, SigV4Verifier verifier,
      Clock clock) {
    Map<String, Route> byName = new HashMap<>();
    for (Operation<?, ?> op : operations) {
      if (byName.put(op.name(), new Route(op, JsonCodec.mapper().readerFor(op.requestType()))) != null) {
        throw new IllegalArgumentException("two operations are named " + op.name());
      }
    }
    Map<String, PathRoute> byPath = new HashMap<>();
    for (SignedRoute<?, ?> route : signedRoutes) {
      if (byPath.put(route.path(), new PathRoute(route, JsonCodec.mapper().readerFor(route.requestType()))) != null) {
        throw new IllegalArgumentException("two routes are at " + route.path());
      }
    }
    this.routes = Map.copyOf(byName);
    this.pathRoutes = Map.copyOf(byPath);
    this.verifier = verifier;
    this.clock = clock;
  }

  /** Whether {@code path} is one of the signed routes (answered by {@link #handleRoute}). */
  boolean hasRoute(String path) {
    return pathRoutes.containsKey(path);
  }

  /** An ECS API call, {@code POST /}. */
  void handle(HttpExchange exchange, String requestId) throws IOException {
    handle(exchange, requestId, this::call);
  }

  /** A call of the signed route at the request's path, which {@link #hasRoute} knows. */
  void handleRoute(HttpExchange exchange, String requestId) throws IOException {
    PathRoute route = pathRoutes.get(exchange.getRequestURI().getRawPath());
    handle(exchange, requestId, (ex, body, now, id) -> callRoute(ex, route, body, now, id));
  }

  /** Runs one verified call on a request body; the JSON of its response. */
  @FunctionalInterface
  private interface Call {
    byte[] run(HttpExchange exchange, byte[] body, Instant now, String requestId);
  }

  private void handle(HttpExchange exchange, String requestId, Call call) throws IOException {
    Instant now = clock.instant();
    RequestBody body;
    try {
      body = RequestBody.read(exchange.getRequestBody(), contentLength(exchange), MAX_BODY_BYTES, DRAIN_BUDGET_BYTES);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "request " + requestId + ": the client stopped sending its body: " + e.getMessage());
      throw e;
    }
    if (body instanceof RequestBody.TooLarge tooLarge) {
      String size = tooLarge.size() >= 0 ? tooLarge.size() + " bytes" : "more than " + DRAIN_BUDGET_BYTES + " bytes";
      Responses.error(exchange, 400, requestId, ErrorType.ClientException.name(), "The request body is " + size
          + "; the maximum allowed length is " + MAX_BODY_BYTES + " bytes.", !tooLarge.drained());
      return;
    }
    byte[] response;
    try {
      response = call.run(exchange, ((RequestBody.Complete) body).bytes(), now, requestId);
    } catch (EcsException e) {
      Responses.error(exchange, e.type().httpStatus(), requestId, e.type().name(), e.getMessage(), false);
      return;
    } catch (RuntimeException | StackOverflowError e) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      LOG.log(Level.ERROR, "ECS API call " + (target == null ? printable(exchange.getRequestURI().getRawPath()) : printable(target)) + " failed unexpectedly "
          + "(request " + requestId + ")", e);
      Responses.error(exchange, ErrorType.ServerException.httpStatus(), requestId, ErrorType.ServerException.name(),
          "The server could not complete the request because of an internal error (request id " + requestId + ").",
          false);
      return;
    }
    Responses.send(exchange, 200, requestId, response);
  }

  /** Verifies, dispatches and runs the call; the JSON of its response. */
  private byte[] call(HttpExchange exchange, byte[] body, Instant now, String requestId) {
    Principal principal = verify(exchange, body, now);
    Route route = route(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
    checkAccess(route.operation().access(), "ecs:" + route.operation().name(), principal);
    checkContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
    Object request = JsonRequestDecoder.decode(route.reader(), body);
    Object response = route.invoke(request, new CallContext(principal, now, requestId));
    return json(response, route.operation().name());
  }

  private byte[] callRoute(HttpExchange exchange, PathRoute route, byte[] body, Instant now, String requestId) {
    Principal principal = verify(exchange, body, now);
    checkAccess(route.route().access(), "POST " + route.route().path(), principal);
    checkContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
    Object request = JsonRequestDecoder.decode(route.reader(), body);
    Object response = route.invoke(request, new CallContext(principal, now, requestId));
    return json(response, route.route().path());
  }

  private Principal verify(HttpExchange exchange, byte[] body, Instant now) {
    RequestHeaders headers = name -> {
      List<String> v = exchange.getRequestHeaders().get(name);
      return v == null ? List.of() : v;
    };
    String rawQuery = exchange.getRequestURI().getRawQuery();
    return verifier.verify(new SignedRequest(exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(), rawQuery == null ? "" : rawQuery, headers, body), now);
  }

  private static byte[] json(Object response, String what) {
    try {
      return Responses.json(response);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the response of " + what + " could not be written as JSON", e);
    }
  }

  private Route route(String target) {
    if (target == null || target.isBlank()) {
      throw new EcsException(ErrorType.UnknownOperationException, "The request has no X-Amz-Target header; "
          + "ECS API calls name their operation as X-Amz-Target: " + TARGET_PREFIX + "<Operation>.");
    }
    Route route = target.startsWith(TARGET_PREFIX) ? routes.get(target.substring(TARGET_PREFIX.length())) : null;
    if (route == null) {
      throw new EcsException(ErrorType.UnknownOperationException, "Operation '" + printable(target)
          + "' is not supported; ECS API calls name their operation as X-Amz-Target: " + TARGET_PREFIX
          + "<Operation>.");
    }
    return route;
  }

  private static void checkAccess(Operation.Access access, String action, Principal principal) {
    if (access == Operation.Access.USER && principal instanceof Principal.Agent agent) {
      throw new EcsException(ErrorType.AccessDeniedException, "Agent credentials " + agent.accessKeyId()
          + " are not authorized to perform " + action + "; agent keys may call only the agent "
          + "operations for their own container instance.");
    }
  }

  /** JSON 1.1 as the SDKs send it; JSON 1.0 and plain JSON too, with any parameters. */
  private static void checkContentType(String contentType) {
    if (contentType == null) {
      return;
    }
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    if (!media.equals(Responses.JSON_1_1) && !media.equals("application/x-amz-json-1.0")
        && !media.equals("application/json")) {
      throw new EcsException(ErrorType.SerializationException, "Content-Type '" + printable(contentType)
          + "' is not supported; send " + Responses.JSON_1_1 + ".");
    }
  }

  private static long contentLength(HttpExchange exchange) {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared == null) {
      return -1;
    }
    try {
      return Long.parseLong(declared.strip());
    } catch (NumberFormatException e) {
      return -1; // the JDK server rejects such requests before they get here
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 128 ? s.substring(0, 128) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** A signed route with its request reader, resolved once. */
  private record PathRoute(SignedRoute<?, ?> route, ObjectReader reader) {
    Object invoke(Object request, CallContext context) {
      return invoke(route, request, context);
    }

    private static <I, O> O invoke(SignedRoute<I, O> route, Object request, CallContext context) {
      return route.handler().handle(route.requestType().cast(request), context);
    }
  }

  /** An operation with its request reader, resolved once. */
  private record Route(Operation<?, ?> operation, ObjectReader reader) {
    Object invoke(Object request, CallContext context) {
      return invoke(operation, request, context);
    }

    private static <I, O> O invoke(Operation<I, O> op, Object request, CallContext context) {
      return op.handler().handle(op.requestType().cast(request), context);
    }
  }
}
