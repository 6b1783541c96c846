package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.agent.engine.ContainerRuntime.RuntimeFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ImagePullsTest {
  private static final String IMAGE = "registry.example/app:1";
  private final FakeContainerRuntime docker = new FakeContainerRuntime(Map.of());
  private final ImagePulls pulls = new ImagePulls(docker);

  @Test
  void tasksAskingWhileAPullIsInFlightShareThatOnePull() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    docker.holdPulls(gate);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread first = pullOn(failures);
    awaitPulls(1);
    List<Thread> joiners = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      joiners.add(pullOn(failures));
    }
    joiners.forEach(ImagePullsTest::awaitParked);
    gate.countDown();
    first.join();
    for (Thread t : joiners) {
      t.join();
    }

    assertThat(failures).isEmpty();
    assertThat(docker.pulls()).containsExactly(IMAGE);
    assertThat(pulls.pulledBefore(IMAGE)).isTrue();
  }

  @Test
  void aTaskAskingAfterThePullFinishedPullsAgain() {
    pulls.pull(IMAGE);
    pulls.pull(IMAGE);

    assertThat(docker.pulls()).containsExactly(IMAGE, IMAGE);
  }

  @Test
  void everyTaskSharingAFailedPullGetsDockersReason() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    docker.holdPulls(gate);
    docker.failPulls(new RuntimeFailure("pull " + IMAGE + ": manifest unknown", 404, null));
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Thread first = pullOn(failures);
    awaitPulls(1);
    Thread joiner = pullOn(failures);
    awaitParked(joiner);
    gate.countDown();
    first.join();
    joiner.join();

    assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(RuntimeFailure.class)
        .hasMessage("pull " + IMAGE + ": manifest unknown"));
    assertThat(docker.pulls()).hasSize(1);
    assertThat(pulls.pulledBefore(IMAGE)).isFalse();
    docker.holdPulls(new CountDownLatch(0));
    assertThatThrownBy(() -> pulls.pull(IMAGE)).isInstanceOf(RuntimeFailure.class);
    assertThat(docker.pulls()).hasSize(2);
  }

  private Thread pullOn(ConcurrentLinkedQueue<Throwable> failures) {
    return Thread.ofPlatform().start(() -> {
      try {
        pulls.pull(IMAGE);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    });
  }

  private void awaitPulls(int n) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (docker.pulls().size() < n) {
      assertThat(System.nanoTime()).as("Docker asked for %d pulls within 10 s", n).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Until {@code t} waits (for the pull in flight), so it asked while that pull was running. */
  private static void awaitParked(Thread t) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("%s waits for the pull in flight within 10 s", t).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
