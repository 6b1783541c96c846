package dev.gantry.agent.docker.create;

import dev.gantry.agent.docker.create.ContainerCreateConfig.DriverConfig;
import dev.gantry.agent.docker.create.ContainerCreateConfig.Mount;
import dev.gantry.agent.docker.create.ContainerCreateConfig.VolumeOptions;
import dev.gantry.model.DockerVolumeConfiguration;
import dev.gantry.model.MountPoint;
import dev.gantry.model.Scope;
import dev.gantry.model.Volume;
import dev.gantry.model.VolumeFrom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * mountPoints and volumesFrom as Docker binds and mounts.
 *
 * <p>A task volume resolves to what the agent prepared for it ({@link CreateConfigInput#volumes()}),
 * else to what the task definition names outright: a host {@code sourcePath}, or a
 * {@code shared} Docker volume (named as the volume). Host paths become {@code Binds}
 * ({@code source:target[:ro]}); Docker volumes become {@code Mounts} carrying the driver and its
 * options, so Docker creates the volume as asked if it does not exist yet.
 *
 * <p>Windows compares paths case-insensitively, so, as the ECS agent does, both sides of every
 * mount are lower-cased there; only the {@code local} driver exists on Windows.
 */
final class MountSettings {
  private static final String LOCAL_DRIVER = "local";

  private MountSettings() {}

  static void apply(CreateConfigInput input, CreateHost host, Draft draft, Reasons reasons) {
    boolean windows = host instanceof CreateHost.Windows;
    List<MountPoint> mountPoints = input.container().mountPoints();
    if (mountPoints != null) {
      for (int i = 0; i < mountPoints.size(); i++) {
        MountPoint mount = mountPoints.get(i);
        if (mount != null) {
          mount("mountPoints[" + i + "]", mount, input, windows, draft, reasons);
        }
      }
    }
    volumesFrom(input, draft, reasons);
  }

  private static void mount(String field, MountPoint mount, CreateConfigInput input, boolean windows, Draft draft,
      Reasons reasons) {
    if (mount.containerPath() == null || mount.containerPath().isBlank()) {
      reasons.add(field + ".containerPath", "a mount point needs a containerPath");
      return;
    }
    Optional<VolumeSource> source = resolve(mount.sourceVolume(), input);
    if (source.isEmpty()) {
      reasons.add(field + ".sourceVolume", unresolvedReason(mount.sourceVolume(), input));
      return;
    }
    String target = windows ? canonical(mount.containerPath()) : mount.containerPath();
    boolean readOnly = Boolean.TRUE.equals(mount.readOnly());
    switch (source.get()) {
      case VolumeSource.HostPath hostPath -> {
        String path = windows ? canonical(hostPath.path()) : hostPath.path();
        draft.binds.add(path + ":" + target + (readOnly ? ":ro" : ""));
      }
      case VolumeSource.DockerVolume volume -> {
        if (windows && !LOCAL_DRIVER.equals(volume.driver())) {
          reasons.add(field + ".sourceVolume", "volume " + Reasons.quote(mount.sourceVolume()) + " uses driver "
              + Reasons.quote(volume.driver()) + ", but Windows hosts have only the 'local' driver");
          return;
        }
        DriverConfig driver = new DriverConfig(volume.driver(),
            volume.driverOpts().isEmpty() ? null : new TreeMap<>(volume.driverOpts()));
        VolumeOptions options = new VolumeOptions(
            volume.labels().isEmpty() ? null : new TreeMap<>(volume.labels()), driver);
        draft.mounts.add(new Mount("volume", volume.name(), target, readOnly ? true : null, options));
      }
    }
  }

  private static Optional<VolumeSource> resolve(String name, CreateConfigInput input) {
    VolumeSource prepared = input.volumes().get(name);
    if (prepared != null) {
      return Optional.of(prepared);
    }
    return volume(name, input).flatMap(volume -> {
      if (volume.host() != null && volume.host().sourcePath() != null) {
        return Optional.of(new VolumeSource.HostPath(volume.host().sourcePath()));
      }
      DockerVolumeConfiguration docker = volume.dockerVolumeConfiguration();
      if (docker != null && docker.scope() == Scope.SHARED) {
        return Optional.of(new VolumeSource.DockerVolume(volume.name(),
            docker.driver() == null ? LOCAL_DRIVER : docker.driver(),
            docker.driverOpts() == null ? Map.of() : docker.driverOpts(),
            docker.labels() == null ? Map.of() : docker.labels()));
      }
      return Optional.empty();
    });
  }

  private static String unresolvedReason(String name, CreateConfigInput input) {
    Optional<Volume> volume = volume(name, input);
    if (volume.isEmpty()) {
      return Reasons.quote(name) + " is not a volume of this task; name one of its volumes";
    }
    Volume v = volume.get();
    if (v.efsVolumeConfiguration() != null || v.fsxWindowsFileServerVolumeConfiguration() != null
        || v.s3filesVolumeConfiguration() != null) {
      return "volume " + Reasons.quote(name) + " is an AWS file system volume (EFS, FSx or S3), which the"
          + " Gantry agent does not support; use a host path or a Docker volume";
    }
    return "volume " + Reasons.quote(name) + " was not prepared on this host before the container was created";
  }

  private static Optional<Volume> volume(String name, CreateConfigInput input) {
    List<Volume> volumes = input.taskDefinition().volumes();
    if (name == null || volumes == null) {
      return Optional.empty();
    }
    return volumes.stream().filter(v -> v != null && name.equals(v.name())).findFirst();
  }

  private static void volumesFrom(CreateConfigInput input, Draft draft, Reasons reasons) {
    List<VolumeFrom> from = input.container().volumesFrom();
    if (from == null) {
      return;
    }
    for (int i = 0; i < from.size(); i++) {
      VolumeFrom source = from.get(i);
      String dockerName = source == null ? null : input.containerNames().get(source.sourceContainer());
      if (dockerName == null) {
        reasons.add("volumesFrom[" + i + "].sourceContainer", Reasons.quote(source == null ? null
            : source.sourceContainer()) + " is not a container of this task that has been created");
        continue;
      }
      draft.volumesFrom.add(dockerName + (Boolean.TRUE.equals(source.readOnly()) ? ":ro" : ""));
    }
  }

  /**
   * Lower-cased, without a trailing separator (but a bare drive {@code c:} or root {@code c:\}
   * and named pipes stay as they are apart from case).
   */
  static String canonical(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.startsWith("\\\\.\\pipe\\")) {
      return lower;
    }
    while (lower.length() > 3 && (lower.endsWith("\\") || lower.endsWith("/"))) {
      lower = lower.substring(0, lower.length() - 1);
    }
    return lower;
  }
}
