package dev.gantry.agent.docker.create;

import dev.gantry.agent.docker.create.ContainerCreateConfig.DeviceMapping;
import dev.gantry.agent.docker.create.ContainerCreateConfig.Healthcheck;
import dev.gantry.agent.docker.create.ContainerCreateConfig.HostConfig;
import dev.gantry.agent.docker.create.ContainerCreateConfig.LogConfig;
import dev.gantry.agent.docker.create.ContainerCreateConfig.Mount;
import dev.gantry.agent.docker.create.ContainerCreateConfig.PortBinding;
import dev.gantry.agent.docker.create.ContainerCreateConfig.UlimitSetting;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The create config while the builder's steps fill it in, one step per concern; it becomes the
 * immutable {@link ContainerCreateConfig} at the end. Empty collections become absent members,
 * so Docker's defaults apply rather than an explicit "nothing".
 */
final class Draft {
  String image;
  List<String> entrypoint;
  List<String> cmd;
  final List<String> env = new ArrayList<>();
  String workingDir;
  String user;
  String hostname;
  final Map<String, String> labels = new TreeMap<>();
  final Map<String, Map<String, String>> exposedPorts = new TreeMap<>();
  Healthcheck healthcheck;
  Integer stopTimeout;
  Boolean networkDisabled;
  Boolean openStdin;
  Boolean tty;

  String networkMode;
  String isolation;
  final Map<String, List<PortBinding>> portBindings = new TreeMap<>();
  final List<String> links = new ArrayList<>();
  final List<String> binds = new ArrayList<>();
  final List<Mount> mounts = new ArrayList<>();
  final List<String> volumesFrom = new ArrayList<>();
  final Map<String, String> tmpfs = new TreeMap<>();
  Long memory;
  Long memoryReservation;
  Long memorySwap;
  Integer memorySwappiness;
  Integer cpuShares;
  Integer cpuPercent;
  Long shmSize;
  final List<UlimitSetting> ulimits = new ArrayList<>();
  final List<String> capAdd = new ArrayList<>();
  final List<String> capDrop = new ArrayList<>();
  final List<DeviceMapping> devices = new ArrayList<>();
  Boolean init;
  Boolean privileged;
  Boolean readonlyRootfs;
  final List<String> dns = new ArrayList<>();
  final List<String> dnsSearch = new ArrayList<>();
  final List<String> extraHosts = new ArrayList<>();
  String pidMode;
  String ipcMode;
  final List<String> securityOpt = new ArrayList<>();
  final Map<String, String> sysctls = new TreeMap<>();
  LogConfig logConfig;

  ContainerCreateConfig toConfig() {
    HostConfig hostConfig = new HostConfig(networkMode, isolation, orNull(portBindings), orNull(links),
        orNull(binds), orNull(mounts), orNull(volumesFrom), orNull(tmpfs), memory, memoryReservation,
        memorySwap, memorySwappiness, cpuShares, cpuPercent, shmSize, orNull(ulimits), orNull(capAdd),
        orNull(capDrop), orNull(devices), init, privileged, readonlyRootfs, orNull(dns), orNull(dnsSearch),
        orNull(extraHosts), pidMode, ipcMode, orNull(securityOpt), orNull(sysctls), logConfig);
    return new ContainerCreateConfig(image, entrypoint, cmd, orNull(env), workingDir, user, hostname,
        orNull(labels), orNull(exposedPorts), healthcheck, stopTimeout, networkDisabled, openStdin, tty,
        hostConfig);
  }

  static <T> List<T> orNull(Collection<T> values) {
    return values.isEmpty() ? null : List.copyOf(values);
  }

  static <K, V> Map<K, V> orNull(Map<K, V> values) {
    return values.isEmpty() ? null : Collections.unmodifiableMap(new TreeMap<>(values));
  }
}
