package dev.gantry.agent.docker.create;

import java.util.Map;

/**
 * Where a task volume lives on this host, as the agent resolved it before creating the
 * container: a host directory (ECS {@code host.sourcePath}, or a directory the agent made for a
 * volume without one), or a Docker volume (ECS {@code dockerVolumeConfiguration}; the agent names
 * task-scoped volumes uniquely per task).
 */
public sealed interface VolumeSource {

  record HostPath(String path) implements VolumeSource {
  }

  /**
   * @param name the Docker volume name
   * @param driver the volume driver ({@code local} unless the task definition names another)
   * @param driverOpts options for the driver, empty for none
   * @param labels labels the volume is created with, empty for none
   */
  record DockerVolume(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels)
      implements VolumeSource {
    public DockerVolume {
      driverOpts = Map.copyOf(driverOpts);
      labels = Map.copyOf(labels);
    }
  }
}
