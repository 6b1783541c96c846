package dev.gantry.agent.docker.create;

import dev.gantry.model.validation.LinuxOnlySettings;
import dev.gantry.model.TaskDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  private WindowsSettings() {}

  static void apply(CreateConfigInput input, CreateHost.Windows host, Draft draft, Reasons reasons) {
    String why = " is not supported for Windows containers; remove ";
    for (LinuxOnlySettings.Asked s : LinuxOnlySettings.of(input.container())) {
      reasons.add(s.member(), s.member() + shown(s.value()) + why + s.member());
    }
    TaskDefinition task = input.taskDefinition();
    for (LinuxOnlySettings.Asked s : LinuxOnlySettings.ofTask(task.pidMode(), task.ipcMode(), null)) {
      reasons.add(s.member(), s.member() + shown(String.valueOf(s.value())) + why + s.member());
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

}
