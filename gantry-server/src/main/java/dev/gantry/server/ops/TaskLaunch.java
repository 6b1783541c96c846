package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.model.Container;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.LaunchType;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.model.arn.ArnFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What RunTask and StartTask start, checked once per call, and the Task record of one new
 * task as ECS shows it right after placement: desired RUNNING, last status PENDING (an awsvpc
 * task first shows PROVISIONING while its network is set up), one PENDING container per
 * container definition with its cpu/memory after overrides, health UNKNOWN.
 */
record TaskLaunch(String clusterName, String clusterArn, TaskDefinition definition, TaskOverride overrides,
    TaskDemand demand, String group, String startedBy, List<Tag> tags, LaunchType launchType,
    boolean enableExecuteCommand) {

  static final String AVAILABILITY_ZONE = "ecs.availability-zone";

  String initialStatus() {
    return definition.networkMode() == NetworkMode.AWSVPC ? TaskLifecycle.PROVISIONING : TaskLifecycle.PENDING;
  }

  /** A new random task id: 32 hex digits, as ECS's current task ids are. */
  static String newTaskId(RandomGenerator random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String newContainerId(RandomGenerator random) {
    String hex = newTaskId(random);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  Task task(ArnFormat arns, ContainerInstance instance, String taskId, Instant now, RandomGenerator random) {
    String taskArn = arns.task(clusterName, taskId);
    Map<String, ContainerOverride> byName = TaskDemand.containerOverrides(overrides);
    List<Container> containers = new ArrayList<>();
    for (ContainerDefinition c : Members.orEmpty(definition.containerDefinitions())) {
      Optional<ContainerOverride> o = Optional.ofNullable(byName.get(c.name()));
      Integer cpu = o.map(ContainerOverride::cpu).orElse(c.cpu());
      Integer memory = o.map(ContainerOverride::memory).orElse(c.memory());
      Integer reservation = o.map(ContainerOverride::memoryReservation).orElse(c.memoryReservation());
      containers.add(Container.builder()
          .containerArn("arn:aws:ecs:" + arns.region() + ":" + arns.accountId() + ":container/" + clusterName + "/"
              + taskId + "/" + newContainerId(random))
          .taskArn(taskArn)
          .name(c.name())
          .image(c.image())
          .lastStatus(TaskLifecycle.PENDING)
          .networkInterfaces(List.of())
          .healthStatus(c.healthCheck() != null ? HealthStatus.UNKNOWN : null)
          .cpu(Integer.toString(cpu == null ? 0 : cpu))
          .memory(memory == null ? null : memory.toString())
          .memoryReservation(reservation == null ? null : reservation.toString())
          .build());
    }
    return Task.builder()
        .attachments(List.of())
        .availabilityZone(attribute(instance, AVAILABILITY_ZONE).orElse(null))
        .clusterArn(clusterArn)
        .containerInstanceArn(instance.containerInstanceArn())
        .containers(List.copyOf(containers))
        .cpu(overrides.cpu() != null ? overrides.cpu() : definition.cpu())
        .memory(overrides.memory() != null ? overrides.memory() : definition.memory())
        .createdAt(now)
        .desiredStatus(TaskLifecycle.RUNNING)
        .enableExecuteCommand(enableExecuteCommand)
        .group(group)
        .healthStatus(HealthStatus.UNKNOWN)
        .lastStatus(initialStatus())
        .launchType(launchType)
        .overrides(overrides)
        .startedBy(startedBy)
        .tags(tags)
        .taskArn(taskArn)
        .taskDefinitionArn(definition.taskDefinitionArn())
        .version(1L)
        .build();
  }

  private static Optional<String> attribute(ContainerInstance instance, String name) {
    return Members.orEmpty(instance.attributes()).stream()
        .filter(a -> name.equals(a.name()))
        .map(Attribute::value)
        .findFirst();
  }
}
