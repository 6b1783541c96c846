package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.config.PortRange;
import dev.gantry.agent.docker.create.CreateHost;
import dev.gantry.agent.engine.TaskStateReporter.TaskReport;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the engine notices that a settled task's container changed: by the event about it (only
 * that task's worker looks, at that container only), by looking at everything again when the
 * event stream breaks and reopens, and, with no event at all, by the slow safety-net look.
 * Docker is a {@link FakeContainerRuntime} whose containers exit when the test says.
 */
class TaskEngineEventsTest {
  private static final String INSTANCE_ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/events/1";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration NEVER = Duration.ofHours(1);

  private final FakeContainerRuntime runtime = new FakeContainerRuntime(Map.of());
  private final RecordingReporter reporter = new RecordingReporter();
  private TaskEngine engine;

  @AfterEach
  void closeEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  /** Starts an engine that looks at busy tasks every 20 ms and at settled ones every {@code reobserve}. */
  private void start(Duration reobserve, DesiredTask... tasks) throws InterruptedException {
    EngineSettings settings = new EngineSettings("events", INSTANCE_ARN, new CreateHost.Linux(),
        ImagePullBehavior.PREFER_CACHED, Duration.ofSeconds(30), Duration.ofMinutes(3), NEVER,
        new PortRange(49152, 65535), List.of(), List.of(), Duration.ofMillis(20), reobserve);
    engine = new TaskEngine(runtime, reporter, settings, Clock.systemUTC(), new Random(7));
    engine.start();
    assertThat(runtime.awaitListening(WAIT)).as("the engine subscribes to events").isTrue();
    engine.apply(List.of(tasks));
    for (DesiredTask d : tasks) {
      await(d, "RUNNING");
      awaitSettled(d);
    }
  }

  /**
   * Waits until the worker of {@code d} has settled. The RUNNING report comes from inside a round
   * that may still be followed by one that looks at everything; a container that exits before
   * that round would be seen without any event, proving nothing about the event paths.
   */
  private void awaitSettled(DesiredTask d) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!engine.settled(d.taskArn())) {
      assertThat(System.nanoTime()).as("task " + d.taskArn() + " settled within " + WAIT).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static DesiredTask desired(String id) {
    ContainerDefinition c = ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest").memory(16)
        .essential(true).build();
    TaskDefinition td = TaskDefinition.builder().family("events").revision(1).containerDefinitions(List.of(c))
        .build();
    Task task = Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/events/" + id)
        .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/events:1")
        .desiredStatus("RUNNING").lastStatus("PENDING").build();
    return new DesiredTask(task, td);
  }

  private TaskReport await(DesiredTask d, String status) throws InterruptedException {
    return reporter.awaitTask(d.taskArn(), r -> r.status().equals(status), WAIT);
  }

  private String containerOf(DesiredTask d) {
    return runtime.containersOf(d.taskArn()).getFirst();
  }

  @Test
  void anEventWakesTheWorkerOfItsTaskWhichInspectsThatContainerOnly() throws InterruptedException {
    DesiredTask a = desired("a");
    DesiredTask b = desired("b");
    start(NEVER, a, b);
    int before = runtime.inspects().size();

    runtime.exit(containerOf(a), 137, true);

    TaskReport stopped = await(a, "STOPPED");
    assertThat(stopped.containers().getFirst().exitCode()).hasValue(137);
    assertThat(runtime.inspects().subList(before, runtime.inspects().size()))
        .containsOnly(containerOf(a));
    assertThat(reporter.tasks(b.taskArn())).extracting(TaskReport::status).doesNotContain("STOPPED");
  }

  @Test
  void aBrokenEventStreamIsOpenedAgainAndEveryTaskLooksAtItsContainers() throws InterruptedException {
    DesiredTask a = desired("a");
    DesiredTask b = desired("b");
    start(NEVER, a, b);

    int before = runtime.inspects().size();

    runtime.exit(containerOf(a), 1, false); // an event lost while the stream was down
    runtime.breakEvents();

    TaskReport stopped = await(a, "STOPPED");
    assertThat(stopped.containers().getFirst().exitCode()).hasValue(1);
    assertThat(runtime.subscriptions()).isEqualTo(2);
    awaitInspected(containerOf(b), before); // b's worker, though settled and without an event, looks too
  }

  /** Waits until container {@code id} is inspected at index {@code from} or later. */
  private void awaitInspected(String id, int from) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!runtime.inspects().subList(from, runtime.inspects().size()).contains(id)) {
      assertThat(System.nanoTime()).as("container " + id + " inspected within " + WAIT).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void withoutAnyEventTheSafetyNetLookStillSeesTheExit() throws InterruptedException {
    DesiredTask a = desired("a");
    start(Duration.ofMillis(300), a);

    runtime.exit(containerOf(a), 2, false);

    TaskReport stopped = await(a, "STOPPED");
    assertThat(stopped.containers().getFirst().exitCode()).hasValue(2);
    assertThat(runtime.subscriptions()).isEqualTo(1);
  }

  @Test
  void desiredStateAnswersMoreFrequentThanTheSafetyNetDoNotPostponeIt() throws InterruptedException {
    DesiredTask a = desired("a");
    start(Duration.ofMillis(300), a);

    runtime.exit(containerOf(a), 3, false);

    // the poller hands the engine the same set after every answer, each waking the worker
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (reporter.tasks(a.taskArn()).stream().noneMatch(r -> r.status().equals("STOPPED"))) {
      assertThat(System.nanoTime()).as("task STOPPED within " + WAIT).isLessThan(deadline);
      engine.apply(List.of(a));
      Thread.sleep(50); // the pace of the answers, well inside the 300 ms safety net
    }
    assertThat(await(a, "STOPPED").containers().getFirst().exitCode()).hasValue(3);
  }

  @Test
  void aSettledTaskDoesNotInspectItsContainerOnTheShortInterval() throws InterruptedException {
    DesiredTask a = desired("a");
    start(NEVER, a);
    int before = runtime.inspects().size();
    DesiredTask b = desired("b");
    engine.apply(List.of(a, b)); // a busy task meanwhile: its worker looks every 20 ms
    await(b, "RUNNING");
    runtime.exit(containerOf(b), 0, true);
    await(b, "STOPPED");

    assertThat(runtime.inspects().subList(before, runtime.inspects().size())).doesNotContain(containerOf(a));
  }
}
