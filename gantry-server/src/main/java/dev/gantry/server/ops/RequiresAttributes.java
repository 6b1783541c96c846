package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.LogConfiguration;
import dev.gantry.model.LogDriver;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container-instance attributes a task definition needs, as ECS reports them in
 * {@code requiresAttributes}; placement only picks instances whose agent advertises all of
 * them.
 *
 * <p>Only capabilities that follow from Docker features are derived, since those are what a
 * Gantry agent advertises (from its Docker API version, its log drivers and its network
 * support): features needing an AWS service (task IAM roles, ECR pulls, Secrets Manager,
 * App Mesh, EFS) are not required here, because no Gantry agent could ever satisfy them.
 * The mapping follows ECS: awsvpc needs Docker API 1.18 and 1.29 plus task ENIs; health checks
 * need 1.24; memoryReservation 1.21; log options 1.19; docker labels and ulimits 1.18;
 * initProcessEnabled 1.25; dependsOn container ordering; pid/ipc modes namespace sharing.
 * The list is deduplicated and in a stable order (containers first, then task-level needs).
 */
final class RequiresAttributes {
  static final String DOCKER_API = "com.amazonaws.ecs.capability.docker-remote-api.";
  static final String LOGGING_DRIVER = "com.amazonaws.ecs.capability.logging-driver.";
  static final String PRIVILEGED = "com.amazonaws.ecs.capability.privileged-container";
  static final String HEALTH_CHECK = "ecs.capability.container-health-check";
  static final String CONTAINER_ORDERING = "ecs.capability.container-ordering";
  static final String TASK_ENI = "ecs.capability.task-eni";
  static final String PID_IPC = "ecs.capability.pid-ipc-namespace-sharing";

  private RequiresAttributes() {}

  static List<Attribute> derive(TaskDefinition td) {
    Set<String> names = new LinkedHashSet<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      container(c, names);
    }
    if (td.pidMode() != null || td.ipcMode() != null) {
      names.add(PID_IPC);
    }
    if (td.networkMode() == NetworkMode.AWSVPC) {
      names.add(DOCKER_API + "1.18");
      names.add(TASK_ENI);
      names.add(DOCKER_API + "1.29");
    }
    List<Attribute> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(Attribute.builder().name(name).build());
    }
    return List.copyOf(out);
  }

  private static void container(ContainerDefinition c, Set<String> names) {
    LogConfiguration log = c.logConfiguration();
    if (log != null && log.logDriver() != null) {
      if (log.logDriver() != LogDriver.AWSFIRELENS) {
        names.add(LOGGING_DRIVER + log.logDriver());
      }
      names.add(DOCKER_API + (notEmpty(log.options()) ? "1.19" : "1.18"));
    }
    if (notEmpty(c.dockerLabels()) || notEmpty(c.ulimits())) {
      names.add(DOCKER_API + "1.18");
    }
    if (c.memoryReservation() != null) {
      names.add(DOCKER_API + "1.21");
    }
    if (Boolean.TRUE.equals(c.privileged())) {
      names.add(PRIVILEGED);
    }
    if (c.linuxParameters() != null && Boolean.TRUE.equals(c.linuxParameters().initProcessEnabled())) {
      names.add(DOCKER_API + "1.25");
    }
    if (c.healthCheck() != null) {
      names.add(DOCKER_API + "1.24");
      names.add(HEALTH_CHECK);
    }
    if (notEmpty(c.dependsOn())) {
      names.add(CONTAINER_ORDERING);
    }
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }

  private static boolean notEmpty(Map<?, ?> map) {
    return map != null && !map.isEmpty();
  }
}
