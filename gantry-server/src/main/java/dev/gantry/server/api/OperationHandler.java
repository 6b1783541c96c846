package dev.gantry.server.api;

/**
 * The body of one ECS operation: a decoded request record in, a response record out.
 * Client mistakes are thrown as {@link EcsException}; anything else becomes ServerException.
 */
@FunctionalInterface
public interface OperationHandler<I, O> {
  O handle(I request, CallContext context);
}
