package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Container;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.TaskStopCode;
import dev.gantry.model.TransportProtocol;
import dev.gantry.server.ops.TaskLifecycle.Bucket;
import dev.gantry.server.ops.TaskTransitions.AgentReport;
import dev.gantry.server.ops.TaskTransitions.ContainerReport;
import dev.gantry.server.ops.TaskTransitions.CountsMoved;
import dev.gantry.server.ops.TaskTransitions.HealthReport;
import dev.gantry.server.ops.TaskTransitions.ResourcesReleased;
import dev.gantry.server.ops.TaskTransitions.TaskEffect;
import dev.gantry.server.ops.TaskTransitions.TaskEvent;
import dev.gantry.server.ops.TaskTransitions.Transition;
import dev.gantry.server.ops.TaskTransitions.UserStop;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskTransitionsTest {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:10Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:00:20Z");

  private static Container container(String name, String status) {
    return Container.builder().name(name).lastStatus(status).healthStatus(HealthStatus.UNKNOWN).build();
  }

  private static Task task(String lastStatus, String desiredStatus) {
    return Task.builder()
        .taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/t1")
        .lastStatus(lastStatus)
        .desiredStatus(desiredStatus)
        .createdAt(CREATED)
        .healthStatus(HealthStatus.UNKNOWN)
        .containers(List.of(container("web", "PENDING"), container("sidecar", "PENDING")))
        .tags(List.of(new Tag("team", "blue")))
        .version(1L)
        .build();
  }

  private static Task running() {
    return task("RUNNING", "RUNNING").toBuilder().startedAt(T1)
        .containers(List.of(container("web", "RUNNING").toBuilder().runtimeId("abc").build(),
            container("sidecar", "RUNNING")))
        .build();
  }

  private static AgentReport status(String status, Instant now) {
    return new AgentReport(Optional.of(status), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), now);
  }

  private static AgentReport containers(Instant now, ContainerReport... reports) {
    return new AgentReport(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(reports), now);
  }

  private static ContainerReport exited(String name, int exitCode, String reason) {
    return new ContainerReport(name, Optional.of("STOPPED"), Optional.empty(), Optional.empty(),
        Optional.of(exitCode), Optional.of(reason), Optional.empty());
  }

  static Stream<Arguments> transitions() {
    Task stoppingByUser = running().toBuilder().desiredStatus("STOPPED").stopCode(TaskStopCode.USERINITIATED)
        .stoppedReason("deploy").stoppingAt(T1).build();
    return Stream.of(
        Arguments.of("a pending task reported RUNNING runs", task("PENDING", "RUNNING"), status("RUNNING", T2),
            "RUNNING", "RUNNING", null, List.of(new CountsMoved(Bucket.PENDING, Bucket.RUNNING))),
        Arguments.of("a late PENDING report does not take a running task back", running(), status("PENDING", T2),
            "RUNNING", "RUNNING", null, List.of()),
        Arguments.of("a repeated RUNNING report changes nothing", running(), status("RUNNING", T2),
            "RUNNING", "RUNNING", null, List.of()),
        Arguments.of("ACTIVATING is still pending", task("PENDING", "RUNNING"), status("ACTIVATING", T2),
            "ACTIVATING", "RUNNING", null, List.of()),
        Arguments.of("a running task that stops on its own lost an essential container", running(),
            status("STOPPED", T2), "STOPPED", "STOPPED", TaskStopCode.ESSENTIALCONTAINEREXITED,
            List.of(new CountsMoved(Bucket.RUNNING, Bucket.NONE), new ResourcesReleased())),
        Arguments.of("a task that stops before running failed to start", task("PENDING", "RUNNING"),
            status("STOPPED", T2), "STOPPED", "STOPPED", TaskStopCode.TASKFAILEDTOSTART,
            List.of(new CountsMoved(Bucket.PENDING, Bucket.NONE), new ResourcesReleased())),
        Arguments.of("STOPPING keeps the resources but ends the desire to run", running(), status("STOPPING", T2),
            "STOPPING", "STOPPED", TaskStopCode.ESSENTIALCONTAINEREXITED, List.of()),
        Arguments.of("a stopped task stays stopped", task("STOPPED", "STOPPED"), status("RUNNING", T2),
            "STOPPED", "STOPPED", null, List.of()),
        Arguments.of("a user's stop keeps its code when the agent reports STOPPED", stoppingByUser,
            status("STOPPED", T2), "STOPPED", "STOPPED", TaskStopCode.USERINITIATED,
            List.of(new CountsMoved(Bucket.RUNNING, Bucket.NONE), new ResourcesReleased())),
        Arguments.of("StopTask on a task no agent reported on stops it at once", task("PENDING", "RUNNING"),
            new UserStop("done", T2), "STOPPED", "STOPPED", TaskStopCode.USERINITIATED,
            List.of(new CountsMoved(Bucket.PENDING, Bucket.NONE), new ResourcesReleased())),
        Arguments.of("StopTask on a running task asks the agent to stop it", running(), new UserStop("done", T2),
            "RUNNING", "STOPPED", TaskStopCode.USERINITIATED, List.of()),
        Arguments.of("StopTask on a pending task the agent is pulling waits for the agent",
            task("PENDING", "RUNNING").toBuilder().pullStartedAt(T1).build(), new UserStop("done", T2),
            "PENDING", "STOPPED", TaskStopCode.USERINITIATED, List.of()),
        Arguments.of("a second StopTask changes nothing", stoppingByUser, new UserStop("again", T2),
            "RUNNING", "STOPPED", TaskStopCode.USERINITIATED, List.of()),
        Arguments.of("the scheduler's stop of a running task asks the agent to stop it", running(),
            new TaskTransitions.SchedulerStop("scale in", TaskStopCode.SERVICESCHEDULERINITIATED, T2),
            "RUNNING", "STOPPED", TaskStopCode.SERVICESCHEDULERINITIATED, List.of()),
        Arguments.of("the scheduler's stop of a task no agent reported on stops it at once", task("PENDING", "RUNNING"),
            new TaskTransitions.SchedulerStop("scale in", TaskStopCode.SERVICESCHEDULERINITIATED, T2),
            "STOPPED", "STOPPED", TaskStopCode.SERVICESCHEDULERINITIATED,
            List.of(new CountsMoved(Bucket.PENDING, Bucket.NONE), new ResourcesReleased())),
        Arguments.of("the scheduler does not stop a task a user already stops", stoppingByUser,
            new TaskTransitions.SchedulerStop("scale in", TaskStopCode.SERVICESCHEDULERINITIATED, T2),
            "RUNNING", "STOPPED", TaskStopCode.USERINITIATED, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void followsTheTaskLifecycle(String why, Task before, TaskEvent event, String lastStatus, String desiredStatus,
      TaskStopCode stopCode, List<TaskEffect> effects) {
    Transition t = TaskTransitions.apply(before, event);

    assertThat(t.task().lastStatus()).isEqualTo(lastStatus);
    assertThat(t.task().desiredStatus()).isEqualTo(desiredStatus);
    assertThat(t.task().stopCode()).isEqualTo(stopCode == null ? before.stopCode() : stopCode);
    assertThat(t.effects()).isEqualTo(effects);
    assertThat(t.task().version()).isEqualTo(t.changed(before) ? before.version() + 1 : before.version());
  }

  @Test
  void timestampsAreSetOnceWhenTheirStateIsFirstReached() {
    Task pending = task("PENDING", "RUNNING");
    Task pulled = TaskTransitions.apply(pending, new AgentReport(Optional.empty(), Optional.empty(), Optional.of(T1),
        Optional.of(T1.plusSeconds(1)), Optional.empty(), List.of(), T1)).task();
    Task again = TaskTransitions.apply(pulled, new AgentReport(Optional.empty(), Optional.empty(), Optional.of(T2),
        Optional.of(T2), Optional.empty(), List.of(), T2)).task();
    Task run = TaskTransitions.apply(again, status("RUNNING", T1.plusSeconds(2))).task();
    Task stopped = TaskTransitions.apply(run, new AgentReport(Optional.of("STOPPED"), Optional.of("web exited"),
        Optional.empty(), Optional.empty(), Optional.of(T2.minusSeconds(1)), List.of(), T2)).task();

    assertThat(again.pullStartedAt()).isEqualTo(T1);
    assertThat(again.pullStoppedAt()).isEqualTo(T1.plusSeconds(1));
    assertThat(run.startedAt()).isEqualTo(T1.plusSeconds(2));
    assertThat(stopped.startedAt()).isEqualTo(T1.plusSeconds(2));
    assertThat(stopped.stoppingAt()).isEqualTo(T2);
    assertThat(stopped.executionStoppedAt()).isEqualTo(T2.minusSeconds(1));
    assertThat(stopped.stoppedAt()).isEqualTo(T2);
    assertThat(stopped.stoppedReason()).isEqualTo("web exited");
    assertThat(stopped.containers()).extracting(Container::lastStatus).containsOnly("STOPPED");
  }

  @Test
  void aContainerReportRecordsExitCodeReasonAndBindingsAndNeverGoesBack() {
    NetworkBinding binding = NetworkBinding.builder().bindIP("0.0.0.0").containerPort(8080).hostPort(32768)
        .protocol(TransportProtocol.TCP).build();
    Task bound = TaskTransitions.apply(running(), containers(T2, new ContainerReport("web", Optional.of("RUNNING"),
        Optional.of("abc"), Optional.of("sha256:1"), Optional.empty(), Optional.empty(),
        Optional.of(List.of(binding))))).task();
    Task exited = TaskTransitions.apply(bound, containers(T2, exited("web", 137, "killed"))).task();
    Transition late = TaskTransitions.apply(exited, containers(T2, new ContainerReport("web", Optional.of("RUNNING"),
        Optional.empty(), Optional.empty(), Optional.of(0), Optional.of("late"), Optional.empty())));

    Container web = exited.containers().getFirst();
    assertThat(web.networkBindings()).containsExactly(binding);
    assertThat(web.imageDigest()).isEqualTo("sha256:1");
    assertThat(web.lastStatus()).isEqualTo("STOPPED");
    assertThat(web.exitCode()).isEqualTo(137);
    assertThat(web.reason()).isEqualTo("killed");
    assertThat(exited.lastStatus()).as("a container report alone does not move the task").isEqualTo("RUNNING");
    assertThat(late.changed(exited)).isFalse();
  }

  @Test
  void theSchedulersStopKeepsTheTags() {
    Task tagged = running().toBuilder().tags(List.of(new dev.gantry.model.Tag("team", "web"))).build();

    Task stopping = TaskTransitions.apply(tagged,
        new TaskTransitions.SchedulerStop("scale in", TaskStopCode.SERVICESCHEDULERINITIATED, T2)).task();

    assertThat(stopping.stoppedReason()).isEqualTo("scale in");
    assertThat(stopping.tags()).isEqualTo(tagged.tags());
  }

  @Test
  void stopTaskRecordsTheReasonAndTimeAndDeletesTheTags() {
    Task stopped = TaskTransitions.apply(task("PENDING", "RUNNING"), new UserStop("scale in", T2)).task();

    assertThat(stopped.stoppedReason()).isEqualTo("scale in");
    assertThat(stopped.stoppingAt()).isEqualTo(T2);
    assertThat(stopped.stoppedAt()).isEqualTo(T2);
    assertThat(stopped.executionStoppedAt()).isEqualTo(T2);
    assertThat(stopped.tags()).isEmpty();
    assertThat(stopped.containers()).extracting(Container::lastStatus).containsOnly("STOPPED");
  }

  @Test
  void taskHealthFollowsItsContainers() {
    Task oneHealthy = TaskTransitions.apply(running(), new HealthReport("web", HealthStatus.HEALTHY, T2)).task();
    Task bothHealthy = TaskTransitions.apply(oneHealthy, new HealthReport("sidecar", HealthStatus.HEALTHY, T2)).task();
    Task oneSick = TaskTransitions.apply(bothHealthy, new HealthReport("web", HealthStatus.UNHEALTHY, T2)).task();

    assertThat(oneHealthy.healthStatus()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(bothHealthy.healthStatus()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(oneSick.healthStatus()).isEqualTo(HealthStatus.UNHEALTHY);
  }
}
