package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import java.util.Optional;

/**
 * CPU and memory, at task and container level, with ECS's relations between them: a container
 * needs memory or memoryReservation unless the task sets memory; the reservation (soft limit)
 * may not exceed the hard limit; no container may have more memory than the task, and the
 * containers' cpu together may not exceed the task's cpu.
 */
final class ResourceRules {
  /** ECS's bounds for task cpu outside Fargate: 0.125 to 192 vCPUs. */
  static final long MIN_TASK_CPU = 128;
  static final long MAX_TASK_CPU = 196_608;
  /** Docker 20.10 and later reserve 6 MiB for a container; less cannot start. */
  static final int MIN_CONTAINER_MIB = 6;

  private ResourceRules() {}

  static void check(TaskView task, Violations out) {
    Optional<Long> taskCpu = taskCpu(task.request().cpu(), out);
    Optional<Long> taskMemory = taskMemory(task.request().memory(), out);
    long cpuSum = 0;
    for (Entry<ContainerDefinition> c : task.containers()) {
      checkContainerMemory(task, c, taskMemory, out);
      if (c.value().cpu() != null && c.value().cpu() > 0) {
        cpuSum += c.value().cpu();
      }
    }
    if (taskCpu.isPresent() && cpuSum > taskCpu.get()) {
      out.add("cpu", "the containers' cpu values add up to " + cpuSum + " units, more than the task's "
          + ValueText.quote(task.request().cpu()) + " (" + taskCpu.get() + " units); raise the task cpu"
          + " or lower the containers' cpu");
    }
  }

  private static Optional<Long> taskCpu(String cpu, Violations out) {
    if (cpu == null) {
      return Optional.empty();
    }
    Optional<Long> units = TaskSize.cpuUnits(cpu);
    if (units.isEmpty()) {
      out.add("cpu", ValueText.quote(cpu) + " is not a CPU size; give " + TaskSize.CPU_FORMS);
    } else if (units.get() < MIN_TASK_CPU || units.get() > MAX_TASK_CPU) {
      out.add("cpu", ValueText.quote(cpu) + " is " + units.get() + " CPU units; task cpu must be between "
          + MIN_TASK_CPU + " (0.125 vCPU) and " + MAX_TASK_CPU + " (192 vCPU)");
      return Optional.empty();
    }
    return units;
  }

  private static Optional<Long> taskMemory(String memory, Violations out) {
    if (memory == null) {
      return Optional.empty();
    }
    Optional<Long> mib = TaskSize.memoryMiB(memory);
    if (mib.isEmpty()) {
      out.add("memory", ValueText.quote(memory) + " is not a memory size; give " + TaskSize.MEMORY_FORMS);
    } else if (mib.get() < 1) {
      out.add("memory", ValueText.quote(memory) + " is no memory; task memory must be more than 0 MiB");
      return Optional.empty();
    }
    return mib;
  }

  private static void checkContainerMemory(TaskView task, Entry<ContainerDefinition> c,
      Optional<Long> taskMemory, Violations out) {
    String path = TaskView.containerPath(c.index());
    Integer memory = c.value().memory();
    Integer reservation = c.value().memoryReservation();
    if (memory == null && reservation == null && task.request().memory() == null) {
      out.add(path + ".memory", "neither memory nor memoryReservation is given and the task sets no"
          + " memory; give memory (hard limit, MiB), memoryReservation (soft limit, MiB) or task-level memory");
    }
    // On Windows the higher minimum is WindowsRules' to report.
    if (memory != null && memory < MIN_CONTAINER_MIB && !task.windows()) {
      out.add(path + ".memory", memory + " MiB is too little; a container needs at least "
          + MIN_CONTAINER_MIB + " MiB");
    }
    if (reservation != null && reservation < MIN_CONTAINER_MIB) {
      out.add(path + ".memoryReservation", reservation + " MiB is too little; a container needs at least "
          + MIN_CONTAINER_MIB + " MiB");
    }
    if (memory != null && reservation != null && reservation > memory) {
      out.add(path + ".memoryReservation", reservation + " MiB is more than memory " + memory
          + " MiB; the soft limit must be at most the hard limit");
    }
    if (memory != null && taskMemory.isPresent() && memory > taskMemory.get()) {
      out.add(path + ".memory", memory + " MiB is more than the task's memory "
          + ValueText.quote(task.request().memory()) + " (" + taskMemory.get() + " MiB); a container"
          + " can't have more memory than its task");
    }
  }
}
