package dev.gantry.agent.docker.create;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.TaskDefinition;
import java.util.List;

/** A task and host to build create configs from; each test changes only what its rule is about. */
final class Fixtures {
  static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/default/0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  static final String CLUSTER = "default";
  static final String INSTANCE_ARN =
      "arn:aws:ecs:us-east-1:000000000000:container-instance/default/8d7c6b5a493827160f1e2d3c4b5a6978";

  static final CreateHost LINUX = new CreateHost.Linux();
  /** A Windows Server 2019 host with 4 cores, process isolation, no workarounds. */
  static final CreateHost.Windows WINDOWS =
      new CreateHost.Windows(4, "10.0.17763.5122", CreateHost.Isolation.PROCESS, false, false);
  static final String WINDOWS_2019_IMAGE = "10.0.17763.4974";

  private Fixtures() {}

  static ContainerDefinition.Builder linuxContainer() {
    return ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest").essential(true);
  }

  static ContainerDefinition.Builder windowsContainer() {
    return ContainerDefinition.builder().name("app")
        .image("mcr.microsoft.com/windows/servercore:ltsc2019").memory(512).essential(true);
  }

  static TaskDefinition.Builder task(ContainerDefinition container) {
    return TaskDefinition.builder()
        .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/app:3")
        .family("app").revision(3).containerDefinitions(List.of(container));
  }

  static CreateConfigInput input(ContainerDefinition container) {
    return input(task(container).build());
  }

  static CreateConfigInput input(TaskDefinition task) {
    return CreateConfigInput.of(task, task.containerDefinitions().get(0), TASK_ARN, CLUSTER, INSTANCE_ARN);
  }

  static CreateConfigInput windowsInput(ContainerDefinition container) {
    return input(container).withImageOsVersion(WINDOWS_2019_IMAGE);
  }

  static CreateConfigInput windowsInput(TaskDefinition task) {
    return input(task).withImageOsVersion(WINDOWS_2019_IMAGE);
  }
}
