package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The previous process's lease, kept by a restarted agent until a poll is answered (fake monotonic clock). */
class RestartFenceTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/c/singleton";
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<SavedLease> stopped = new CopyOnWriteArrayList<>();

  private static SavedLease savedUntil(Instant deadline) {
    return new SavedLease("arn:aws:ecs:us-east-1:000000000000:container-instance/c/a", deadline, LEASE,
        Map.of(TASK, Duration.ofSeconds(2)));
  }

  /** A fence read at T0 whose saved lease lapses {@code left} later. */
  private RestartFence fenceWith(Duration left) {
    return new RestartFence(Optional.of(savedUntil(T0.plus(left))), T0, nanos::get, stopped::add);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void stopsTheSavedFencedTasksAtTheSavedDeadlineAndNotBefore() {
    RestartFence fence = fenceWith(Duration.ofSeconds(4));
    advance(Duration.ofSeconds(4).minusNanos(1));
    assertThat(fence.fireIfDue()).isFalse();

    advance(Duration.ofNanos(1));
    assertThat(fence.fireIfDue()).isTrue();
    assertThat(stopped).singleElement().satisfies(s -> assertThat(s.fencedTasks()).containsOnlyKeys(TASK));
    assertThat(fence.fireIfDue()).as("once").isFalse();
  }

  @Test
  void aDeadlineThatPassedWhileTheAgentWasDownStopsThemAtOnce() {
    RestartFence fence = fenceWith(Duration.ofSeconds(-20));

    assertThat(fence.fireIfDue()).isTrue();
  }

  @Test
  void aPollAnsweredBeforeTheDeadlineEndsTheFence() {
    RestartFence fence = fenceWith(Duration.ofSeconds(4));

    assertThat(fence.answered()).isEmpty();
    advance(Duration.ofMinutes(5));
    assertThat(fence.fireIfDue()).isFalse();
    assertThat(stopped).isEmpty();
  }

  @Test
  void theFirstAnswerAfterTheStopNamesTheStoppedTasksOnce() {
    RestartFence fence = fenceWith(Duration.ZERO);
    fence.fireIfDue();

    assertThat(fence.answered()).containsExactly(TASK);
    assertThat(fence.answered()).isEmpty();
  }

  @Test
  void aDeadlineFurtherAheadThanTheLeaseIsNotBelieved() {
    RestartFence fence = fenceWith(Duration.ofHours(1)); // the wall clock was stepped back across the restart
    advance(LEASE);

    assertThat(fence.fireIfDue()).isTrue();
  }

  @Test
  void withoutASavedLeaseOrFencedTasksThereIsNothingToStop() {
    RestartFence none = RestartFence.none();
    RestartFence empty = new RestartFence(Optional.of(new SavedLease("arn", T0, LEASE, Map.of())), T0, nanos::get,
        stopped::add);
    advance(Duration.ofMinutes(5));

    assertThat(none.fireIfDue()).isFalse();
    assertThat(empty.fireIfDue()).isFalse();
    assertThat(stopped).isEmpty();
  }

  @Test
  void theWatchThreadStopsThemOnItsOwnWhenNoAnswerComes() throws InterruptedException {
    BlockingQueue<SavedLease> stops = new LinkedBlockingQueue<>();
    Instant now = Instant.now();
    try (RestartFence fence = new RestartFence(Optional.of(savedUntil(now.plusMillis(200))), now, System::nanoTime,
        stops::add).start()) {
      assertThat(stops.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(fence.answered()).containsExactly(TASK);
    }
  }

  @Test
  void anAgentThatGivesUpWaitsUntilTheSavedTasksAreStoppedBeforeItExits() throws InterruptedException {
    Instant now = Instant.now();
    List<SavedLease> stops = new CopyOnWriteArrayList<>();
    try (RestartFence fence = new RestartFence(Optional.of(savedUntil(now.plusMillis(300))), now, System::nanoTime,
        stops::add).start()) {
      long began = System.nanoTime();
      fence.awaitEnded();

      assertThat(stops).as("stopped before the wait ended").hasSize(1);
      assertThat(Duration.ofNanos(System.nanoTime() - began)).as("not before the saved deadline")
          .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void withNothingToKeepOrAnAnsweredPollOrAClosedFenceTheWaitEndsAtOnce() throws InterruptedException {
    RestartFence answered = fenceWith(Duration.ofHours(1));
    answered.answered();
    RestartFence closed = fenceWith(Duration.ofHours(1));
    closed.close();

    RestartFence.none().awaitEnded();
    answered.awaitEnded();
    closed.awaitEnded();
    assertThat(stopped).as("nothing stopped by any of them").isEmpty();
  }
}
