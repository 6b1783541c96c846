package dev.gantry.agent.engine;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthStatus;
import java.util.List;
import java.util.Map;

/**
 * A task's lastStatus and healthStatus from its containers' states, as ECS derives them: pure.
 * STOPPED when every container stopped; RUNNING when every essential container runs; PENDING
 * otherwise. The engine keeps the reported status monotonic on top of this ({@link #later}).
 */
public final class TaskStatusRules {
  public static final String PENDING = "PENDING";
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";
  private static final List<String> ORDER = List.of(PENDING, RUNNING, STOPPED);

  private TaskStatusRules() {}

  public static String lastStatus(List<ContainerDefinition> definitions, Map<String, ContainerState> states) {
    boolean allStopped = true;
    boolean essentialRunning = true;
    for (ContainerDefinition d : definitions) {
      ContainerStatus s = states.get(d.name()).status();
      allStopped &= s == ContainerStatus.STOPPED;
      if (TaskSnapshot.essential(d)) {
        essentialRunning &= s == ContainerStatus.RUNNING;
      }
    }
    return allStopped ? STOPPED : essentialRunning ? RUNNING : PENDING;
  }

  /** The later of two task statuses: a task's status never goes back. */
  public static String later(String a, String b) {
    return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
  }

  /**
   * HEALTHY when every essential container with a health check is healthy, UNHEALTHY when one of
   * them is unhealthy, UNKNOWN otherwise (and always when no essential container has a check).
   */
  public static HealthStatus health(List<ContainerDefinition> definitions, Map<String, ContainerState> states) {
    boolean anyChecked = false;
    boolean allHealthy = true;
    for (ContainerDefinition d : definitions) {
      if (!TaskSnapshot.essential(d) || d.healthCheck() == null) {
        continue;
      }
      anyChecked = true;
      HealthStatus h = states.get(d.name()).health().orElse(HealthStatus.UNKNOWN);
      if (h == HealthStatus.UNHEALTHY) {
        return HealthStatus.UNHEALTHY;
      }
      allHealthy &= h == HealthStatus.HEALTHY;
    }
    return anyChecked && allHealthy ? HealthStatus.HEALTHY : HealthStatus.UNKNOWN;
  }
}
