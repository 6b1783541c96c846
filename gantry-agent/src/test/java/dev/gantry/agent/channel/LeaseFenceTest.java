package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.engine.DesiredTask;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseFenceTest {
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final DesiredTask SINGLETON = task("singleton", true);
  private static final DesiredTask WEB = task("web", false);

  private final AtomicLong now = new AtomicLong();
  private final BlockingQueue<List<DesiredTask>> engine = new LinkedBlockingQueue<>();
  private final LeaseFence fence = new LeaseFence(engine::add, now::get);

  private static DesiredTask task(String id, boolean fenced) {
    return new DesiredTask(Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/" + id)
        .desiredStatus("RUNNING").lastStatus("RUNNING").build(), null, fenced);
  }

  private static String desired(List<DesiredTask> set, DesiredTask which) {
    return set.stream().filter(t -> t.taskArn().equals(which.taskArn())).findFirst().orElseThrow().task().desiredStatus();
  }

  @Test
  void setsPassThroughUnchangedWhileTheLeaseHolds() {
    fence.answered(0, List.of(SINGLETON, WEB), LEASE);
    now.set(LEASE.toNanos() - 1);

    assertThat(fence.fenceIfLapsed()).isFalse();
    assertThat(engine).containsExactly(List.of(SINGLETON, WEB));
  }

  @Test
  void aLapsedLeaseStopsOnlyTheFencedTasksAndSaysWhy() {
    fence.answered(0, List.of(SINGLETON, WEB), LEASE);
    engine.clear();
    now.set(LEASE.toNanos());

    assertThat(fence.fenceIfLapsed()).isTrue();
    List<DesiredTask> set = engine.remove();
    assertThat(desired(set, SINGLETON)).isEqualTo("STOPPED");
    assertThat(set.get(0).task().stoppedReason()).contains("10 s lease");
    assertThat(desired(set, WEB)).isEqualTo("RUNNING");
    assertThat(fence.fenceIfLapsed()).as("fences once per lapse").isFalse();
  }

  @Test
  void theLeaseRunsFromWhenTheAnsweredPollWasSent() {
    long sent = TimeUnit.SECONDS.toNanos(3);
    fence.answered(sent, List.of(SINGLETON), LEASE);
    now.set(sent + LEASE.toNanos() - 1);
    assertThat(fence.fenceIfLapsed()).isFalse();
    now.set(sent + LEASE.toNanos());
    assertThat(fence.fenceIfLapsed()).isTrue();
  }

  @Test
  void aFencedTaskStaysStoppedWhenALateAnswerStillSaysRunning() {
    fence.answered(0, List.of(SINGLETON), LEASE);
    now.set(LEASE.toNanos());
    fence.fenceIfLapsed();
    engine.clear();

    fence.answered(now.get(), List.of(SINGLETON, WEB), LEASE);

    List<DesiredTask> set = engine.remove();
    assertThat(desired(set, SINGLETON)).isEqualTo("STOPPED");
    assertThat(desired(set, WEB)).isEqualTo("RUNNING");
  }

  @Test
  void aServerThatGrantsNoLeaseNeverFences() {
    fence.answered(0, List.of(SINGLETON), Duration.ZERO);
    now.set(Long.MAX_VALUE / 2);

    assertThat(fence.fenceIfLapsed()).isFalse();
  }

  @Test
  void theWatchThreadFencesOnItsOwnWhenNoAnswerComes() throws InterruptedException {
    LeaseFence real = new LeaseFence(engine::add, System::nanoTime).start();
    try {
      real.answered(System.nanoTime(), List.of(SINGLETON), Duration.ofMillis(200));
      assertThat(desired(engine.poll(10, TimeUnit.SECONDS), SINGLETON)).isEqualTo("RUNNING");

      List<DesiredTask> fenced = engine.poll(10, TimeUnit.SECONDS);
      assertThat(fenced).isNotNull();
      assertThat(desired(fenced, SINGLETON)).isEqualTo("STOPPED");
    } finally {
      real.close();
    }
  }

  // --- keeping the lease across agent restarts ---

  private static final Instant WALL0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/a";

  /** The wall clock, moving with the fake monotonic one. */
  private final Clock wall = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return WALL0.plusNanos(now.get());
    }
  };

  private LeaseFence persistent(Path dir, RestartFence previous) {
    return new LeaseFence(engine::add, now::get, Optional.of(new LeaseFence.Persistence(new LeaseFile(dir, "a"),
        INSTANCE, Duration.ofSeconds(45), wall, previous)));
  }

  private static DesiredTask withContainers(DesiredTask t, Integer... stopTimeouts) {
    List<ContainerDefinition> containers = new ArrayList<>();
    for (Integer s : stopTimeouts) {
      containers.add(ContainerDefinition.builder().name("c" + containers.size()).image("img").stopTimeout(s).build());
    }
    return new DesiredTask(t.task(), TaskDefinition.builder().family("f").revision(1).containerDefinitions(containers)
        .build(), t.fenced());
  }

  @Test
  void everyAnswerSavesTheLeaseEndOnTheWallClockWithTheFencedTasksAndTheirStopTimeouts(@TempDir Path dir) {
    LeaseFence fence = persistent(dir, RestartFence.none());
    long sent = TimeUnit.SECONDS.toNanos(3);
    now.set(sent + TimeUnit.MILLISECONDS.toNanos(700)); // the answer arrives 0.7 s after the send

    fence.answered(sent, List.of(withContainers(SINGLETON, 5, null), withContainers(WEB, 99)), LEASE);

    SavedLease saved = new LeaseFile(dir, "a").read().orElseThrow();
    assertThat(saved.deadline()).isEqualTo(WALL0.plusSeconds(3).plus(LEASE));
    assertThat(saved.lease()).isEqualTo(LEASE);
    assertThat(saved.containerInstanceArn()).isEqualTo(INSTANCE);
    assertThat(saved.fencedTasks()).as("only fenced tasks; a container without stopTimeout takes the agent's 45 s")
        .isEqualTo(Map.of(SINGLETON.taskArn(), Duration.ofSeconds(45)));

    now.addAndGet(TimeUnit.SECONDS.toNanos(4));
    fence.answered(now.get(), List.of(withContainers(SINGLETON, 5)), LEASE);
    SavedLease renewed = new LeaseFile(dir, "a").read().orElseThrow();
    assertThat(renewed.deadline()).isEqualTo(WALL0.plusNanos(now.get()).plus(LEASE));
    assertThat(renewed.fencedTasks()).containsEntry(SINGLETON.taskArn(), Duration.ofSeconds(5));
  }

  @Test
  void withoutFencedTasksMeantToRunThereIsNoLeaseFile(@TempDir Path dir) {
    LeaseFence fence = persistent(dir, RestartFence.none());
    LeaseFile file = new LeaseFile(dir, "a");
    fence.answered(0, List.of(WEB), LEASE);
    assertThat(file.read()).isEmpty();

    fence.answered(1, List.of(SINGLETON, WEB), LEASE);
    assertThat(file.read()).isPresent();

    DesiredTask stopping = new DesiredTask(SINGLETON.task().toBuilder().desiredStatus("STOPPED").build(), null, true);
    fence.answered(2, List.of(stopping, WEB), LEASE);
    assertThat(file.read()).as("a fenced task desired STOPPED needs no fence").isEmpty();
  }

  @Test
  void tasksTheRestartFenceStoppedStayStoppedWhenTheFirstAnswerStillSaysRunning(@TempDir Path dir) {
    RestartFence previous = new RestartFence(Optional.of(new SavedLease(INSTANCE, WALL0, LEASE,
        Map.of(SINGLETON.taskArn(), Duration.ofSeconds(2)))), WALL0.plusSeconds(1), now::get, s -> { });
    assertThat(previous.fireIfDue()).isTrue();
    LeaseFence fence = persistent(dir, previous);

    fence.answered(now.get(), List.of(SINGLETON, WEB), LEASE);

    List<DesiredTask> set = engine.remove();
    assertThat(desired(set, SINGLETON)).isEqualTo("STOPPED");
    assertThat(desired(set, WEB)).isEqualTo("RUNNING");
  }

  @Test
  void anAnswerBeforeTheSavedDeadlineReplacesTheSavedLease(@TempDir Path dir) {
    List<SavedLease> stops = new ArrayList<>();
    RestartFence previous = new RestartFence(Optional.of(new SavedLease(INSTANCE, WALL0.plusSeconds(5), LEASE,
        Map.of(SINGLETON.taskArn(), Duration.ofSeconds(2)))), WALL0, now::get, stops::add);
    LeaseFence fence = persistent(dir, previous);

    fence.answered(now.get(), List.of(SINGLETON), LEASE);
    now.addAndGet(TimeUnit.SECONDS.toNanos(6));

    assertThat(previous.fireIfDue()).isFalse();
    assertThat(stops).isEmpty();
    assertThat(desired(engine.remove(), SINGLETON)).isEqualTo("RUNNING");
    assertThat(new LeaseFile(dir, "a").read().orElseThrow().deadline()).isEqualTo(WALL0.plus(LEASE));
  }
}
