package dev.gantry.server.api;

/**
 * An ECS operation as the protocol layer dispatches it: {@code name} is the part of
 * {@code X-Amz-Target} after the service prefix; {@code access} says who may call it.
 */
public record Operation<I, O>(String name, Class<I> requestType, Access access, OperationHandler<I, O> handler) {

  public enum Access {
    /** Root credentials only. */
    USER,
    /** Root credentials, or agent credentials acting for their own container instance. */
    AGENT
  }

  public static <I, O> Operation<I, O> user(String name, Class<I> requestType, OperationHandler<I, O> handler) {
    return new Operation<>(name, requestType, Access.USER, handler);
  }

  public static <I, O> Operation<I, O> agent(String name, Class<I> requestType, OperationHandler<I, O> handler) {
    return new Operation<>(name, requestType, Access.AGENT, handler);
  }
}
