package dev.gantry.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long an agent may take to stop one task of a deployment, known only once the instance is:
 * the agent stops every container with its own {@code stopTimeout}, and one that sets none with
 * the agent's default ({@code ECS_CONTAINER_STOP_TIMEOUT}), which each agent advertises as the
 * instance attribute {@value #ATTRIBUTE} (whole seconds). ECS documents no upper bound for EC2
 * (2-120 s is Fargate's range) and the agent applies none, so neither is capped here.
 *
 * @param longestOwn the largest stopTimeout a container of the task sets (zero when none does)
 * @param agentDefault whether some container sets none, and so takes the agent's default
 */
public record StopTimeout(Duration longestOwn, boolean agentDefault) {
  /** The attribute an agent advertises its default stop timeout in, in whole seconds. */
  public static final String ATTRIBUTE = "gantry.container-stop-timeout";
  /** The agent's default when an instance advertises none (an older agent): ECS's 30 s. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);
  /** A task whose every container takes the agent's default. */
  public static final StopTimeout AGENT_DEFAULT = new StopTimeout(Duration.ZERO, true);

  public StopTimeout {
    Objects.requireNonNull(longestOwn, "longestOwn");
    if (longestOwn.isNegative()) {
      throw new IllegalArgumentException("stopTimeout must be >= 0, got " + longestOwn);
    }
  }

  /** A task whose containers all set their own stopTimeout, the longest being {@code longest}. */
  public static StopTimeout own(Duration longest) {
    return new StopTimeout(longest, false);
  }

  /** The longest the task takes to stop on an agent whose default is {@code agentDefaultTimeout}. */
  public Duration on(Duration agentDefaultTimeout) {
    return agentDefault && agentDefaultTimeout.compareTo(longestOwn) > 0 ? agentDefaultTimeout : longestOwn;
  }

  /**
   * The default an instance advertises in {@code attributes}: {@link #DEFAULT} when it advertises
   * none (an agent from before the attribute, whose default is ECS's); empty when the value is not
   * a whole number of seconds, which no agent sends, so the caller assumes the longest it knows
   * rather than a guess that could be shorter than the agent's real stop.
   */
  public static Optional<Duration> advertised(Map<String, String> attributes) {
    String value = attributes.get(ATTRIBUTE);
    if (value == null) {
      return Optional.of(DEFAULT);
    }
    try {
      long seconds = Long.parseLong(value.strip());
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
