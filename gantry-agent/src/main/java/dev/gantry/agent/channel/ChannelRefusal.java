package dev.gantry.agent.channel;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The server answered an agent channel call with an error (any status but 200). Most answers
 * are worth asking again (the server stopping, a throttle); a few mean this agent cannot go on
 * as it is: its instance is deregistered ({@code ClientException}), its keys or its cluster are
 * gone ({@code UnrecognizedClientException}, {@code AccessDeniedException},
 * {@code ClusterNotFoundException}), or the server does not know the instance at all
 * ({@code InvalidParameterException}: a wiped or replaced store), where only registering again,
 * which a restart does, helps.
 */
public final class ChannelRefusal extends IOException {
  private static final Set<String> FINAL = Set.of("ClientException", "UnrecognizedClientException",
      "AccessDeniedException", "ClusterNotFoundException");
  private static final String NOT_REGISTERED = "InvalidParameterException";

  private final int statusCode;
  private final Optional<String> errorType;

  public ChannelRefusal(int statusCode, Optional<String> errorType, String message) {
    super(message);
    this.statusCode = statusCode;
    this.errorType = errorType;
  }

  public int statusCode() {
    return statusCode;
  }

  /** The ECS error type ({@code X-Amzn-ErrorType} without its details), when the server named one. */
  public Optional<String> errorType() {
    return errorType;
  }

  /** True when polling again cannot succeed: the agent gives up (see {@link #terminal}). */
  public boolean endsPolling() {
    return statusCode >= 400 && statusCode < 500 && errorType.filter(t -> FINAL.contains(t)
        || t.equals(NOT_REGISTERED)).isPresent();
  }

  /** True when a restarted agent would be refused too; false when restarting (registering afresh) is the remedy. */
  public boolean terminal() {
    return endsPolling() && !errorType.orElseThrow().equals(NOT_REGISTERED);
  }

  /** The error type from an {@code X-Amzn-ErrorType} header value such as {@code ClientException:http://...}. */
  static Optional<String> typeOf(Optional<String> header) {
    return header.map(h -> h.contains(":") ? h.substring(0, h.indexOf(':')) : h).map(String::strip)
        .filter(t -> !t.isEmpty());
  }
}
