package dev.gantry.server.agent;

import static dev.gantry.server.agent.DesiredTaskSetsTest.ARN_A;
import static dev.gantry.server.agent.DesiredTaskSetsTest.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Task;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracker over a store whose watch delivers each write before the write returns. */
class ManifestTrackerTest {
  final InMemoryStateStore store = new InMemoryStateStore();
  ManifestTracker tracker;

  @AfterEach
  void close() {
    if (tracker != null) {
      tracker.close();
    }
  }

  long put(String id, Task task) {
    return store.txn(new Txn(List.of(), List.of(Op.put(Keys.task("demo", id), JsonCodec.encode(task))))).revision();
  }

  @Test
  void readsTheTasksPlacedBeforeItStarted() {
    put("t1", task(ARN_A, "RUNNING", "RUNNING"));
    put("t2", task(ARN_A, "RUNNING", "STOPPED"));
    put("t3", task(null, "RUNNING", "PROVISIONING"));
    long revision = store.revision();

    tracker = ManifestTracker.start(store, "demo");

    ManifestTracker.Snapshot snapshot = tracker.snapshot("aaaa");
    assertThat(snapshot.manifestRevision()).isEqualTo(revision);
    assertThat(snapshot.taskKeys()).containsExactly(Keys.task("demo", "t1"));
  }

  @Test
  void signalsAWaitingPollWhenItsInstancesSetChanges() {
    tracker = ManifestTracker.start(store, "demo");
    ManifestTracker.Snapshot before = tracker.snapshot("aaaa");

    long written = put("t1", task(ARN_A, "RUNNING", "PENDING"));

    assertThat(before.nextChange()).isDone();
    ManifestTracker.Snapshot after = tracker.snapshot("aaaa");
    assertThat(after.manifestRevision()).isEqualTo(written);
    assertThat(after.taskKeys()).containsExactly(Keys.task("demo", "t1"));
    assertThat(after.nextChange()).isNotDone();
  }

  @Test
  void letsAPollWaitThroughTheAgentsOwnStatusReports() {
    put("t1", task(ARN_A, "RUNNING", "PENDING"));
    tracker = ManifestTracker.start(store, "demo");
    ManifestTracker.Snapshot before = tracker.snapshot("aaaa");

    put("t1", task(ARN_A, "RUNNING", "RUNNING"));
    put("t2", task("arn:aws:ecs:us-east-1:000000000000:container-instance/demo/other", "RUNNING", "PENDING"));

    assertThat(before.nextChange()).isNotDone();
    assertThat(tracker.snapshot("aaaa").manifestRevision()).isEqualTo(before.manifestRevision());
  }

  @Test
  void watchesOnlyItsOwnCluster() {
    tracker = ManifestTracker.start(store, "demo");
    ManifestTracker.Snapshot before = tracker.snapshot("aaaa");

    store.txn(new Txn(List.of(), List.of(Op.put(Keys.task("demo-2", "t1"),
        JsonCodec.encode(task(ARN_A, "RUNNING", "PENDING"))))));

    assertThat(before.nextChange()).isNotDone();
  }

  @Test
  void closingAnswersEveryWaitingPoll() {
    tracker = ManifestTracker.start(store, "demo");
    ManifestTracker.Snapshot waiting = tracker.snapshot("aaaa");

    tracker.close();

    assertThat(waiting.nextChange()).isDone();
    assertThat(tracker.snapshot("aaaa").nextChange()).isDone();
  }
}
