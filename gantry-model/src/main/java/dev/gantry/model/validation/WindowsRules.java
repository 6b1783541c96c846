package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.DockerVolumeConfiguration;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.Volume;
import java.util.Collection;

/**
 * What a Windows task definition ({@code runtimePlatform.operatingSystemFamily}
 * {@code WINDOWS_SERVER_*}) can't use, each field in its own violation: Linux-only container
 * settings, Linux-only task settings, volume drivers other than {@code local}, network modes other
 * than Docker's nat (networkMode omitted) and awsvpc, and container memory below 256 MiB.
 * A setting that asks for nothing ({@code privileged: false}, an empty list) is accepted.
 * Task-level cpu and memory are accepted: ECS documents that they are ignored for Windows
 * containers on EC2 (and Fargate requires them), rather than rejected.
 */
final class WindowsRules {
  /** Windows containers need far more than Linux ones; below this they fail to start. */
  static final int MIN_MEMORY_MIB = 256;

  private WindowsRules() {}

  static void check(TaskView task, Violations out) {
    if (!task.windows()) {
      return;
    }
    String why = " is not supported for Windows containers (runtimePlatform.operatingSystemFamily is "
        + task.osFamily() + ")";
    NetworkMode mode = task.request().networkMode();
    if (mode != null && mode != NetworkMode.AWSVPC) {
      out.add("networkMode", ValueText.quote(mode.toString()) + why
          + "; omit networkMode for Docker's nat network, or use 'awsvpc'");
    }
    RegisterTaskDefinitionRequest r = task.request();
    for (LinuxOnlySettings.Asked s : LinuxOnlySettings.ofTask(r.pidMode(), r.ipcMode(), r.proxyConfiguration())) {
      out.add(s.member(), label(s.member(), s.value()) + why + "; remove " + s.member());
    }
    checkVolumes(task, why, out);
    for (Entry<ContainerDefinition> c : task.containers()) {
      checkContainer(TaskView.containerPath(c.index()), c.value(), why, out);
    }
  }

  private static void checkContainer(String path, ContainerDefinition container, String why, Violations out) {
    for (LinuxOnlySettings.Asked s : LinuxOnlySettings.of(container)) {
      out.add(path + "." + s.member(), label(s.member(), s.value()) + why + "; remove " + s.member());
    }
    Integer memory = container.memory();
    if (memory != null && memory < MIN_MEMORY_MIB) {
      out.add(path + ".memory", memory + " MiB is too little for a Windows container; give at least "
          + MIN_MEMORY_MIB + " MiB");
    }
  }

  private static void checkVolumes(TaskView task, String why, Violations out) {
    for (Entry<Volume> v : Entry.of(task.request().volumes())) {
      DockerVolumeConfiguration docker = v.value().dockerVolumeConfiguration();
      if (docker != null && docker.driver() != null && !docker.driver().equals("local")) {
        out.add("volumes[" + v.index() + "].dockerVolumeConfiguration.driver", "volume driver "
            + ValueText.quote(docker.driver()) + why + "; only the 'local' driver is, so use 'local' or omit driver");
      }
    }
  }

  /** The member with the value the user gave, where the value is short enough to show. */
  private static String label(String member, Object value) {
    String shown = switch (value) {
      case Boolean b -> b.toString();
      case String s -> ValueText.quote(s);
      case Enum<?> e -> ValueText.quote(e.toString());
      case Collection<?> list when list.stream().allMatch(e -> e instanceof String) ->
          "[" + ValueText.quoteAll(list.stream().map(String.class::cast).toList()) + "]";
      default -> "";
    };
    return shown.isEmpty() ? member : member + " " + shown;
  }
}
