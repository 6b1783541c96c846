package dev.gantry.agent.docker.create;

import dev.gantry.agent.docker.create.ContainerCreateConfig.DeviceMapping;
import dev.gantry.agent.docker.create.ContainerCreateConfig.UlimitSetting;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.Device;
import dev.gantry.model.DeviceCgroupPermission;
import dev.gantry.model.HostEntry;
import dev.gantry.model.IpcMode;
import dev.gantry.model.KernelCapabilities;
import dev.gantry.model.LinuxParameters;
import dev.gantry.model.PidMode;
import dev.gantry.model.SystemControl;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.Tmpfs;
import dev.gantry.model.Ulimit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings only Linux containers have: user and privileges, DNS and hosts, ulimits, kernel
 * parameters, links, task PID/IPC namespaces and linuxParameters (capabilities, init, shared
 * memory, tmpfs, devices, swap). Sizes in the task definition are MiB; Docker takes bytes.
 */
final class LinuxSettings {
  /** ECS's swappiness when maxSwap is set and swappiness is not. */
  private static final int DEFAULT_SWAPPINESS = 60;

  private LinuxSettings() {}

  static void apply(CreateConfigInput input, Draft draft, Reasons reasons) {
    ContainerDefinition c = input.container();
    draft.user = c.user();
    draft.privileged = Boolean.TRUE.equals(c.privileged()) ? true : null;
    draft.readonlyRootfs = Boolean.TRUE.equals(c.readonlyRootFilesystem()) ? true : null;
    draft.networkDisabled = Boolean.TRUE.equals(c.disableNetworking()) ? true : null;
    addAll(draft.dns, c.dnsServers());
    addAll(draft.dnsSearch, c.dnsSearchDomains());
    if (c.extraHosts() != null) {
      for (HostEntry host : c.extraHosts()) {
        draft.extraHosts.add(host.hostname() + ":" + host.ipAddress());
      }
    }
    if (c.ulimits() != null) {
      for (Ulimit u : c.ulimits()) {
        draft.ulimits.add(new UlimitSetting(String.valueOf(u.name()), u.softLimit(), u.hardLimit()));
      }
    }
    if (c.systemControls() != null) {
      for (SystemControl s : c.systemControls()) {
        draft.sysctls.put(s.namespace(), s.value());
      }
    }
    links(input, draft, reasons);
    namespaces(input, draft, reasons);
    linuxParameters(c.linuxParameters(), draft, reasons);
  }

  /** {@code name[:alias]} to the linked container's Docker name, keeping the alias the task uses. */
  private static void links(CreateConfigInput input, Draft draft, Reasons reasons) {
    List<String> links = input.container().links();
    if (links == null) {
      return;
    }
    for (int i = 0; i < links.size(); i++) {
      String link = links.get(i);
      String[] parts = link.split(":", 2);
      String dockerName = input.containerNames().get(parts[0]);
      if (dockerName == null) {
        reasons.add("links[" + i + "]", Reasons.quote(link) + " names no container of this task that has"
            + " been created");
        continue;
      }
      draft.links.add(dockerName + ":" + (parts.length == 2 ? parts[1] : parts[0]));
    }
  }

  /** {@code task} PID and IPC namespaces are the task's namespace container's. */
  private static void namespaces(CreateConfigInput input, Draft draft, Reasons reasons) {
    TaskDefinition task = input.taskDefinition();
    String shared = input.networkContainer().map(name -> "container:" + name).orElse(null);
    if (task.pidMode() == PidMode.HOST) {
      draft.pidMode = "host";
    } else if (task.pidMode() == PidMode.TASK) {
      draft.pidMode = shared;
    }
    if (task.ipcMode() == IpcMode.HOST || task.ipcMode() == IpcMode.NONE) {
      draft.ipcMode = task.ipcMode().toString();
    } else if (task.ipcMode() == IpcMode.TASK) {
      draft.ipcMode = shared;
    }
    boolean wantsTask = task.pidMode() == PidMode.TASK || task.ipcMode() == IpcMode.TASK;
    if (wantsTask && shared == null) {
      reasons.add(task.pidMode() == PidMode.TASK ? "pidMode" : "ipcMode", "'task' needs the task's namespace"
          + " container, which the agent has not created; use 'host' or omit it");
    }
  }

  private static void linuxParameters(LinuxParameters p, Draft draft, Reasons reasons) {
    if (p == null) {
      return;
    }
    KernelCapabilities caps = p.capabilities();
    if (caps != null) {
      addAll(draft.capAdd, caps.add());
      addAll(draft.capDrop, caps.drop());
    }
    draft.init = Boolean.TRUE.equals(p.initProcessEnabled()) ? true : null;
    if (p.sharedMemorySize() != null) {
      draft.shmSize = p.sharedMemorySize() * ResourceLimits.MIB;
    }
    if (p.tmpfs() != null) {
      for (Tmpfs t : p.tmpfs()) {
        String options = "size=" + t.size() + "m";
        if (t.mountOptions() != null && !t.mountOptions().isEmpty()) {
          options += "," + String.join(",", t.mountOptions());
        }
        draft.tmpfs.put(t.containerPath(), options);
      }
    }
    if (p.devices() != null) {
      for (Device d : p.devices()) {
        draft.devices.add(new DeviceMapping(d.hostPath(),
            d.containerPath() == null ? d.hostPath() : d.containerPath(), permissions(d.permissions())));
      }
    }
    swap(p, draft, reasons);
  }

  /** maxSwap is swap on top of the memory limit; Docker's MemorySwap is their sum. */
  private static void swap(LinuxParameters p, Draft draft, Reasons reasons) {
    if (p.maxSwap() == null) {
      return;
    }
    if (draft.memory == null) {
      reasons.add("linuxParameters.maxSwap", p.maxSwap() + " MiB of swap needs a memory limit; set memory");
      return;
    }
    draft.memorySwap = draft.memory + p.maxSwap() * ResourceLimits.MIB;
    draft.memorySwappiness = p.swappiness() == null ? DEFAULT_SWAPPINESS : p.swappiness();
  }

  private static String permissions(List<DeviceCgroupPermission> permissions) {
    if (permissions == null || permissions.isEmpty()) {
      return "rwm";
    }
    return permissions.stream().distinct().sorted().map(perm -> switch (perm) {
      case READ -> "r";
      case WRITE -> "w";
      case MKNOD -> "m";
    }).collect(Collectors.joining());
  }

  private static void addAll(List<String> target, List<String> values) {
    if (values != null) {
      target.addAll(values);
    }
  }
}
