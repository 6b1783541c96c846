package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.MountPoint;
import dev.gantry.model.Volume;
import dev.gantry.model.VolumeFrom;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Volumes and their uses: volume names are valid and unique, every mountPoint mounts a declared
 * volume at a container path, and every volumesFrom names another container of the task.
 */
final class VolumeRules {
  private VolumeRules() {}

  static void check(TaskView task, Violations out) {
    Set<String> volumes = checkVolumes(task, out);
    for (Entry<ContainerDefinition> c : task.containers()) {
      String path = TaskView.containerPath(c.index());
      for (Entry<MountPoint> m : Entry.of(c.value().mountPoints())) {
        checkMountPoint(path + ".mountPoints[" + m.index() + "]", m.value(), volumes, out);
      }
      for (Entry<VolumeFrom> v : Entry.of(c.value().volumesFrom())) {
        checkVolumeFrom(task, c.value().name(), path + ".volumesFrom[" + v.index() + "]", v.value(), out);
      }
    }
  }

  private static Set<String> checkVolumes(TaskView task, Violations out) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, Integer> first = new HashMap<>();
    for (Entry<Volume> v : Entry.of(task.request().volumes())) {
      String name = v.value().name();
      String path = "volumes[" + v.index() + "].name";
      if (name == null) {
        continue;
      }
      if (!TaskRules.NAME.matcher(name).matches()) {
        out.add(path, ValueText.quote(name) + " is not a valid volume name; " + TaskRules.NAME_RULE);
      }
      Integer earlier = first.putIfAbsent(name, v.index());
      if (earlier != null) {
        out.add(path, ValueText.quote(name) + " is already the name of volumes[" + earlier
            + "]; volume names must be unique within a task definition");
      }
      names.add(name);
    }
    return names;
  }

  private static void checkMountPoint(String path, MountPoint mount, Set<String> volumes, Violations out) {
    String source = mount.sourceVolume();
    if (source == null || source.isEmpty()) {
      out.add(path + ".sourceVolume", "is required; name a volume declared in volumes: " + ValueText.quoteAll(volumes));
    } else if (!volumes.contains(source)) {
      out.add(path + ".sourceVolume", ValueText.quote(source) + " is not a volume of this task definition;"
          + " declare it in volumes (declared: " + ValueText.quoteAll(volumes) + ")");
    }
    if (mount.containerPath() == null || mount.containerPath().isBlank()) {
      out.add(path + ".containerPath", "is required; give the path inside the container to mount the volume at");
    }
  }

  private static void checkVolumeFrom(TaskView task, String self, String path, VolumeFrom from, Violations out) {
    String source = from.sourceContainer();
    if (source == null || source.isEmpty()) {
      out.add(path + ".sourceContainer", "is required; name another container of this task definition: "
          + ValueText.quoteAll(task.containerNames()));
    } else if (source.equals(self)) {
      out.add(path + ".sourceContainer", ValueText.quote(source) + " is this container itself; mount volumes"
          + " from another container");
    } else if (task.container(source).isEmpty()) {
      out.add(path + ".sourceContainer", ValueText.quote(source) + " is not a container of this task"
          + " definition; containers are " + ValueText.quoteAll(task.containerNames()));
    }
  }
}
