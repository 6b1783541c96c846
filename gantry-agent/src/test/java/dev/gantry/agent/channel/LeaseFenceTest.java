package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.engine.DesiredTask;
import dev.gantry.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

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
}
