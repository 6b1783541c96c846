package dev.gantry.server.api;

/**
 * A Gantry endpoint beside the ECS API: {@code POST <path>} with a SigV4-signed JSON body,
 * served with the ECS API's body limit, signature check, request ids and error shape. The
 * request record is decoded as ECS requests are; {@code access} says who may call it (an
 * {@link Operation.Access#AGENT} route checks the agent's own instance itself).
 */
public record SignedRoute<I, O>(String path, Class<I> requestType, Operation.Access access,
    OperationHandler<I, O> handler) {

  public SignedRoute {
    if (!path.startsWith("/v1/")) {
      throw new IllegalArgumentException("Gantry routes live under /v1/, not at " + path);
    }
  }

  public static <I, O> SignedRoute<I, O> user(String path, Class<I> requestType, OperationHandler<I, O> handler) {
    return new SignedRoute<>(path, requestType, Operation.Access.USER, handler);
  }

  public static <I, O> SignedRoute<I, O> agent(String path, Class<I> requestType, OperationHandler<I, O> handler) {
    return new SignedRoute<>(path, requestType, Operation.Access.AGENT, handler);
  }
}
