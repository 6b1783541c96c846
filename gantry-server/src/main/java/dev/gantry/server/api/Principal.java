package dev.gantry.server.api;

/** The verified identity behind a request. */
public sealed interface Principal {
  String accessKeyId();

  /** The operator: may call every operation. */
  record Root(String accessKeyId) implements Principal {}

  /** An agent key: may call only the agent operations, for its own container instance. */
  record Agent(String accessKeyId, String clusterName, String containerInstanceId) implements Principal {}
}
