package dev.gantry.agent.channel;

import java.util.Objects;

/** The body of {@code POST /v1/agent/poll}: who asks, and the manifest revision it has applied (0: none yet). */
public record PollRequest(String cluster, String containerInstanceArn, long appliedRevision) {
  public PollRequest {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
  }
}
