package dev.gantry.server.ops;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.KeyValuePair;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskOverride;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.JsonCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code overrides} of RunTask and StartTask, checked against the task definition and
 * shaped as ECS returns them on the task: one {@code containerOverrides} entry per container
 * of the definition, in its order (just the name where nothing is overridden), and
 * {@code inferenceAcceleratorOverrides} empty. Task sizes given as "1 vCPU" / "2 GB" become
 * CPU units and MiB, as at registration.
 */
final class TaskOverrides {
  /** ECS's limit on the overrides' JSON text. */
  static final int MAX_CHARACTERS = 8192;
  static final int MIN_CONTAINER_MEMORY = 6;
  private static final Pattern VCPU = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*vcpu", Pattern.CASE_INSENSITIVE);
  private static final Pattern GB = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*gb", Pattern.CASE_INSENSITIVE);
  private static final BigDecimal PER_UNIT = BigDecimal.valueOf(1024);

  private TaskOverrides() {}

  static TaskOverride normalize(TaskOverride overrides, TaskDefinition definition) {
    TaskOverride given = overrides == null ? TaskOverride.builder().build() : overrides;
    int size = JsonCodec.encode(given).length;
    if (size > MAX_CHARACTERS) {
      throw EcsException.invalidParameter("overrides is " + size + " characters of JSON; at most " + MAX_CHARACTERS
          + " are allowed.");
    }
    Map<String, ContainerOverride> byName = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    Members.orEmpty(definition.containerDefinitions()).forEach(c -> names.add(c.name()));
    List<ContainerOverride> list = Members.orEmpty(given.containerOverrides());
    for (int i = 0; i < list.size(); i++) {
      ContainerOverride o = list.get(i);
      String member = "overrides.containerOverrides[" + i + "]";
      if (o == null || o.name() == null || !names.contains(o.name())) {
        throw EcsException.invalidParameter(member + ".name '" + (o == null ? null : o.name()) + "' is not a container "
            + "of task definition " + definition.family() + ":" + definition.revision() + " (containers: "
            + String.join(", ", names) + ").");
      }
      if (byName.putIfAbsent(o.name(), check(member, o)) != null) {
        throw EcsException.invalidParameter(member + ".name '" + o.name() + "' is overridden more than once.");
      }
    }
    List<ContainerOverride> all = new ArrayList<>();
    for (ContainerDefinition c : Members.orEmpty(definition.containerDefinitions())) {
      all.add(byName.getOrDefault(c.name(), ContainerOverride.builder().name(c.name()).build()));
    }
    return given.toBuilder()
        .containerOverrides(List.copyOf(all))
        .inferenceAcceleratorOverrides(Members.orEmpty(given.inferenceAcceleratorOverrides()))
        .cpu(taskSize("overrides.cpu", given.cpu(), VCPU, "CPU units such as '1024' or '1 vCPU'"))
        .memory(taskSize("overrides.memory", given.memory(), GB, "MiB such as '2048' or '2 GB'"))
        .build();
  }

  private static ContainerOverride check(String member, ContainerOverride o) {
    if (o.cpu() != null && o.cpu() < 0) {
      throw EcsException.invalidParameter(member + ".cpu " + o.cpu() + " is negative: give 0 or more CPU units.");
    }
    atLeastMinimum(member + ".memory", o.memory());
    atLeastMinimum(member + ".memoryReservation", o.memoryReservation());
    if (o.memory() != null && o.memoryReservation() != null && o.memoryReservation() > o.memory()) {
      throw EcsException.invalidParameter(member + ".memoryReservation " + o.memoryReservation()
          + " is more than its memory " + o.memory() + ": the soft limit must not exceed the hard limit.");
    }
    List<KeyValuePair> env = Members.orEmpty(o.environment());
    for (int j = 0; j < env.size(); j++) {
      if (env.get(j) == null || env.get(j).name() == null || env.get(j).name().isEmpty()) {
        throw EcsException.invalidParameter(member + ".environment[" + j + "].name is required: every environment "
            + "variable needs a name.");
      }
    }
    if (o.command() != null && o.command().stream().anyMatch(s -> s == null)) {
      throw EcsException.invalidParameter(member + ".command contains a null entry: give strings only.");
    }
    return o;
  }

  private static void atLeastMinimum(String member, Integer mib) {
    if (mib != null && mib < MIN_CONTAINER_MEMORY) {
      throw EcsException.invalidParameter(member + " " + mib + " is too small: a container needs at least "
          + MIN_CONTAINER_MEMORY + " MiB.");
    }
  }

  private static String taskSize(String member, String value, Pattern unit, String forms) {
    if (value == null) {
      return null;
    }
    String converted = TaskDefinitionNormalizer.size(value, unit, PER_UNIT);
    try {
      if (Integer.parseInt(converted.trim()) > 0) {
        return converted.trim();
      }
    } catch (NumberFormatException notANumber) {
      // falls through to the error below
    }
    throw EcsException.invalidParameter(member + " '" + value + "' is not valid: give " + forms + ".");
  }
}
