package dev.gantry.server.api;

/**
 * An ECS error as the client sees it: {@code __type} is {@link ErrorType#name()}. Messages
 * name the member, the value given and what would be valid.
 */
public final class EcsException extends RuntimeException {
  private final ErrorType type;

  public EcsException(ErrorType type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public ErrorType type() {
    return type;
  }

  public static EcsException clientError(String message) {
    return new EcsException(ErrorType.ClientException, message);
  }

  public static EcsException invalidParameter(String message) {
    return new EcsException(ErrorType.InvalidParameterException, message);
  }

  public static EcsException clusterNotFound(String cluster) {
    return new EcsException(ErrorType.ClusterNotFoundException, "Cluster not found: " + cluster + ".");
  }
}
