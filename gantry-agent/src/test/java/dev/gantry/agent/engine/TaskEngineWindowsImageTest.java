package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.config.PortRange;
import dev.gantry.agent.docker.create.CreateHost;
import dev.gantry.agent.engine.ContainerRuntime.RuntimeFailure;
import dev.gantry.agent.engine.TaskStateReporter.ContainerReport;
import dev.gantry.agent.engine.TaskStateReporter.TaskReport;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskStopCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine inspects the image's OS build on a Windows host before creating a container, so a
 * build the host cannot run under process isolation fails the task with the builder's reason
 * instead of leaving it PENDING; on a Linux host it never asks. No dockerd runs Windows images
 * here, so Docker is a {@link FakeContainerRuntime}.
 */
class TaskEngineWindowsImageTest {
  private static final String INSTANCE_ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/wintest/1";
  private static final String LTSC2019 = "mcr.microsoft.com/windows/servercore:ltsc2019";
  private static final String LTSC2022 = "mcr.microsoft.com/windows/servercore:ltsc2022";
  private static final String BUSYBOX = "gantry-test/busybox:latest";
  /** A Windows Server 2019 host running containers with process isolation. */
  private static final CreateHost WINDOWS_2019 =
      new CreateHost.Windows(2, "10.0.17763.5458", CreateHost.Isolation.PROCESS, false, false);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeContainerRuntime runtime = new FakeContainerRuntime(Map.of(
      LTSC2019, Optional.of("10.0.17763.5122"), LTSC2022, Optional.of("10.0.20348.2340")));
  private final RecordingReporter reporter = new RecordingReporter();
  private TaskEngine engine;

  @AfterEach
  void closeEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  private void run(CreateHost host, DesiredTask d) {
    EngineSettings settings = new EngineSettings("wintest", INSTANCE_ARN, host, ImagePullBehavior.DEFAULT,
        Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofHours(1), new PortRange(49152, 65535), List.of(),
        List.of(), Duration.ofMillis(50), EngineSettings.DEFAULT_REOBSERVE_INTERVAL);
    engine = new TaskEngine(runtime, reporter, settings, Clock.systemUTC(), new Random(7));
    engine.start();
    engine.apply(List.of(d));
  }

  private static DesiredTask desired(String image, int memory) {
    ContainerDefinition c = ContainerDefinition.builder().name("app").image(image).memory(memory).essential(true)
        .build();
    TaskDefinition td = TaskDefinition.builder().family("wintest").revision(1).containerDefinitions(List.of(c))
        .build();
    Task task = Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/wintest/" + image.hashCode())
        .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/wintest:1")
        .desiredStatus("RUNNING").lastStatus("PENDING").build();
    return new DesiredTask(task, td);
  }

  private TaskReport await(DesiredTask d, String status) throws InterruptedException {
    return reporter.awaitTask(d.taskArn(), r -> r.status().equals(status), WAIT);
  }

  @Test
  void imageOfAnotherBuildFailsTheTaskToStartNamingBothBuilds() throws InterruptedException {
    DesiredTask d = desired(LTSC2022, 512);
    run(WINDOWS_2019, d);

    TaskReport stopped = await(d, "STOPPED");
    assertThat(stopped.stopCode()).contains(TaskStopCode.TASKFAILEDTOSTART);
    ContainerReport app = stopped.containers().getFirst();
    assertThat(app.status()).isEqualTo("STOPPED");
    assertThat(app.reason()).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("CannotCreateContainerError: ")
        .contains(LTSC2022, "build 20348 (Windows Server 2022)", "build 17763 (Windows Server 2019)",
            "process isolation"));
    assertThat(runtime.imageInspects()).containsExactly(LTSC2022);
    assertThat(runtime.created()).isEmpty();
  }

  @Test
  void imageOfTheHostsBuildIsCreatedAndRuns() throws InterruptedException {
    DesiredTask d = desired(LTSC2019, 512);
    run(WINDOWS_2019, d);

    await(d, "RUNNING");
    assertThat(runtime.imageInspects()).containsExactly(LTSC2019);
    assertThat(runtime.created()).singleElement().satisfies(config -> {
      assertThat(config.image()).isEqualTo(LTSC2019);
      assertThat(config.hostConfig().isolation()).isEqualTo("process");
    });
  }

  @Test
  void imageThatCannotBeInspectedFailsTheTaskWithDockersWords() throws InterruptedException {
    runtime.failImageInspects(new RuntimeFailure("inspect image " + LTSC2019 + ": No such image (HTTP 404)", 404,
        null), Integer.MAX_VALUE);
    DesiredTask d = desired(LTSC2019, 512);
    run(WINDOWS_2019, d);

    TaskReport stopped = await(d, "STOPPED");
    assertThat(stopped.stopCode()).contains(TaskStopCode.TASKFAILEDTOSTART);
    assertThat(stopped.containers().getFirst().reason())
        .contains("CannotCreateContainerError: inspect image " + LTSC2019 + ": No such image (HTTP 404)");
    assertThat(runtime.created()).isEmpty();
  }

  @Test
  void dockerBeingAwayOnlyPostponesTheInspect() throws InterruptedException {
    runtime.failImageInspects(new RuntimeFailure("Cannot reach the Docker Engine", 0, null), 2);
    DesiredTask d = desired(LTSC2019, 512);
    run(WINDOWS_2019, d);

    await(d, "RUNNING");
    assertThat(runtime.imageInspects()).containsExactly(LTSC2019, LTSC2019, LTSC2019);
    assertThat(reporter.tasks(d.taskArn())).noneMatch(r -> r.status().equals("STOPPED"));
    assertThat(runtime.created()).hasSize(1);
  }

  @Test
  void linuxHostNeverInspectsTheImagesOsVersion() throws InterruptedException {
    DesiredTask d = desired(BUSYBOX, 64);
    run(new CreateHost.Linux(), d);

    await(d, "RUNNING");
    assertThat(runtime.created()).singleElement().satisfies(config -> assertThat(config.image()).isEqualTo(BUSYBOX));
    assertThat(runtime.imageInspects()).isEmpty();
  }
}
