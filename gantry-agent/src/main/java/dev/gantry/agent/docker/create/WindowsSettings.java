package dev.gantry.agent.docker.create;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.TaskDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What Windows containers need on top of the shared settings: the host's isolation mode, an
 * image build the host can run, and no Linux-only settings.
 *
 * <p>Process isolation shares the host's kernel, so the image's OS build must be the host's;
 * Hyper-V isolation runs an image of the host's build or older. A mismatch is refused here with
 * both builds named, because Docker would otherwise fail the start with an obscure error or leave
 * the task waiting. Linux-only settings (rejected at RegisterTaskDefinition for Windows families)
 * are refused again here, since a task definition registered for Linux can still be placed here.
 */
final class WindowsSettings {
  private record Setting<T>(String member, Function<T, Object> value) {}

  private static final List<Setting<ContainerDefinition>> LINUX_ONLY = List.of(
      new Setting<>("links", ContainerDefinition::links),
      new Setting<>("privileged", ContainerDefinition::privileged),
      new Setting<>("linuxParameters", ContainerDefinition::linuxParameters),
      new Setting<>("ulimits", ContainerDefinition::ulimits),
      new Setting<>("user", ContainerDefinition::user),
      new Setting<>("readonlyRootFilesystem", ContainerDefinition::readonlyRootFilesystem),
      new Setting<>("disableNetworking", ContainerDefinition::disableNetworking),
      new Setting<>("dnsServers", ContainerDefinition::dnsServers),
      new Setting<>("dnsSearchDomains", ContainerDefinition::dnsSearchDomains),
      new Setting<>("extraHosts", ContainerDefinition::extraHosts),
      new Setting<>("systemControls", ContainerDefinition::systemControls));

  private static final List<Setting<TaskDefinition>> LINUX_ONLY_TASK = List.of(
      new Setting<>("pidMode", TaskDefinition::pidMode),
      new Setting<>("ipcMode", TaskDefinition::ipcMode));

  private WindowsSettings() {}

  static void apply(CreateConfigInput input, CreateHost.Windows host, Draft draft, Reasons reasons) {
    String why = " is not supported for Windows containers; remove ";
    for (Setting<ContainerDefinition> s : LINUX_ONLY) {
      Object value = s.value().apply(input.container());
      if (asks(value)) {
        reasons.add(s.member(), s.member() + shown(value) + why + s.member());
      }
    }
    for (Setting<TaskDefinition> s : LINUX_ONLY_TASK) {
      Object value = s.value().apply(input.taskDefinition());
      if (asks(value)) {
        reasons.add(s.member(), s.member() + shown(String.valueOf(value)) + why + s.member());
      }
    }
    draft.isolation = host.isolation().toString();
    imageBuild(input, host, reasons);
  }

  private static void imageBuild(CreateConfigInput input, CreateHost.Windows host, Reasons reasons) {
    String image = Reasons.quote(input.container().image());
    Optional<Integer> hostBuild = host.build();
    Optional<Integer> imageBuild = input.imageOsVersion().flatMap(WindowsBuild::of);
    if (hostBuild.isEmpty()) {
      reasons.add("image", "the host's Windows build is unknown (Docker reported OS version "
          + Reasons.quote(host.osVersion()) + "), so image " + image + " can't be checked against it");
      return;
    }
    if (imageBuild.isEmpty()) {
      reasons.add("image", "the Windows build of image " + image + " is unknown (OS version "
          + Reasons.quote(input.imageOsVersion().orElse("none")) + "); it must be inspected before the"
          + " container is created");
      return;
    }
    int hostNumber = hostBuild.get();
    int imageNumber = imageBuild.get();
    String both = "image " + image + " is for Windows " + WindowsBuild.describe(imageNumber)
        + " but this host runs Windows " + WindowsBuild.describe(hostNumber);
    if (host.isolation() == CreateHost.Isolation.PROCESS && imageNumber != hostNumber) {
      reasons.add("image", both + "; process isolation needs the same build: use an image for build "
          + hostNumber + ", or run the agent with Hyper-V isolation");
    } else if (host.isolation() == CreateHost.Isolation.HYPERV && imageNumber > hostNumber) {
      reasons.add("image", both + "; Hyper-V isolation runs only images of the host's build or older:"
          + " use an image for build " + hostNumber + " or older");
    }
  }

  /** Plain values are shown as written; structures only by their member's name. */
  private static String shown(Object value) {
    boolean plain = value instanceof String || value instanceof Boolean
        || value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
    return plain ? " " + Reasons.quote(value) : "";
  }

  /** A setting that asks for nothing (false, an empty list or map) is harmless. */
  private static boolean asks(Object value) {
    return switch (value) {
      case null -> false;
      case Boolean b -> b;
      case List<?> l -> !l.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }
}
