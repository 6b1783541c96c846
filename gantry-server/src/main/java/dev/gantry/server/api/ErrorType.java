package dev.gantry.server.api;

/** The ECS error shapes this server returns, named exactly as the service model names them. */
public enum ErrorType {
  AccessDeniedException(400),
  AttributeLimitExceededException(400),
  ClientException(400),
  ClusterContainsContainerInstancesException(400),
  ClusterContainsServicesException(400),
  ClusterContainsTasksException(400),
  ClusterNotFoundException(400),
  InvalidParameterException(400),
  LimitExceededException(400),
  ResourceInUseException(400),
  ResourceNotFoundException(400),
  ServiceNotActiveException(400),
  ServiceNotFoundException(400),
  TargetNotFoundException(400),
  UnsupportedFeatureException(400),
  // Protocol-level errors every AWS JSON service shares.
  SerializationException(400),
  UnknownOperationException(400),
  UnrecognizedClientException(400),
  InvalidSignatureException(400),
  IncompleteSignatureException(400),
  MissingAuthenticationTokenException(400),
  ThrottlingException(400),
  ServerException(500);

  private final int httpStatus;

  ErrorType(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
