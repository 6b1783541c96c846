package dev.gantry.server.ops;

import dev.gantry.model.ServiceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The {@code events} of a Service: at most {@link #MAX_EVENTS}, newest first, each with a
 * random UUID-shaped id, and the ECS wording of the messages users and tools look for (the
 * {@code (service <name>)} prefix, "has reached a steady state.", ...). Pure: the time and the
 * randomness come in. The API handlers add the deployment events; the service scheduler adds
 * the rest through the same methods.
 */
public final class ServiceEvents {
  public static final int MAX_EVENTS = 100;

  private ServiceEvents() {}

  /**
   * {@code events} with {@code messages} added in front (the first message ends up newest, as
   * when they happened in that order one after another), trimmed to the newest {@link #MAX_EVENTS}.
   */
  public static List<ServiceEvent> add(List<ServiceEvent> events, List<String> messages, Instant now,
      RandomGenerator random) {
    List<ServiceEvent> out = new ArrayList<>(Math.min(MAX_EVENTS, messages.size() + sizeOf(events)));
    for (int i = messages.size() - 1; i >= 0 && out.size() < MAX_EVENTS; i--) {
      out.add(ServiceEvent.builder().id(newId(random)).createdAt(now).message(messages.get(i)).build());
    }
    for (ServiceEvent e : Members.orEmpty(events)) {
      if (out.size() == MAX_EVENTS) {
        break;
      }
      out.add(e);
    }
    return List.copyOf(out);
  }

  private static int sizeOf(List<ServiceEvent> events) {
    return events == null ? 0 : events.size();
  }

  /** A version-4 UUID drawn from {@code random}, as ECS event ids are. */
  static String newId(RandomGenerator random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    String hex = HexFormat.of().formatHex(b);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  public static String steadyState(String service) {
    return prefix(service) + " has reached a steady state.";
  }

  /** "(service web) has started 2 tasks: (task 1a2b...) (task 3c4d...)." with the task ids. */
  public static String startedTasks(String service, List<String> taskIds) {
    return prefix(service) + " has started " + taskIds.size() + " tasks: " + tasks(taskIds) + ".";
  }

  public static String stoppedTasks(String service, List<String> taskIds) {
    return prefix(service) + " has stopped " + taskIds.size() + " running tasks: " + tasks(taskIds) + ".";
  }

  /** No instance could take a task; {@code reason} says which requirement the closest one missed. */
  public static String unableToPlace(String service, String reason) {
    return prefix(service) + " was unable to place a task because no container instance met all of its "
        + "requirements. " + reason;
  }

  public static String unableToConsistentlyStart(String service) {
    return prefix(service) + " is unable to consistently start tasks successfully.";
  }

  public static String deploymentConfigurationBlocks(String service) {
    return prefix(service) + " was unable to stop or start tasks during a deployment because of the service "
        + "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.";
  }

  public static String deploymentStarted(String service, String deploymentId, String taskDefinition) {
    return prefix(service) + " (deployment " + deploymentId + ") deployment started with task definition "
        + taskDefinition + ".";
  }

  public static String deploymentCompleted(String service, String deploymentId) {
    return prefix(service) + " (deployment " + deploymentId + ") deployment completed.";
  }

  public static String deploymentFailed(String service, String deploymentId, String reason) {
    return prefix(service) + " (deployment " + deploymentId + ") deployment failed: " + reason;
  }

  public static String rollingBack(String service, String failedDeploymentId, String toDeploymentId) {
    return prefix(service) + " (deployment " + failedDeploymentId + ") deployment failed; rolling back to "
        + "deployment " + toDeploymentId + ".";
  }

  private static String prefix(String service) {
    return "(service " + service + ")";
  }

  private static String tasks(List<String> taskIds) {
    StringBuilder sb = new StringBuilder();
    for (String id : taskIds) {
      sb.append(sb.isEmpty() ? "" : " ").append("(task ").append(id).append(")");
    }
    return sb.toString();
  }
}
