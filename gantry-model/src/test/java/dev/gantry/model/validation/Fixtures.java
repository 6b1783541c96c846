package dev.gantry.model.validation;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.OSFamily;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RuntimePlatform;
import java.util.List;

/** Small valid task definitions that each test case changes in one place. */
final class Fixtures {
  private Fixtures() {}

  /** A valid Linux container: a name, an image, 128 MiB. */
  static ContainerDefinition.Builder container(String name) {
    return ContainerDefinition.builder().name(name).image("example/" + name + ":1").memory(128);
  }

  static RegisterTaskDefinitionRequest.Builder taskWith(ContainerDefinition... containers) {
    return RegisterTaskDefinitionRequest.builder().family("app").containerDefinitions(List.of(containers));
  }

  static RegisterTaskDefinitionRequest task(ContainerDefinition... containers) {
    return taskWith(containers).build();
  }

  static RegisterTaskDefinitionRequest.Builder windowsTaskWith(ContainerDefinition... containers) {
    return taskWith(containers).runtimePlatform(
        RuntimePlatform.builder().operatingSystemFamily(OSFamily.WINDOWS_SERVER_2019_CORE).build());
  }

  /** A valid Windows container: 512 MiB, above the Windows minimum. */
  static ContainerDefinition.Builder windowsContainer(String name) {
    return container(name).memory(512);
  }
}
