package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Resource;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.placement.InstanceView;
import dev.gantry.store.CompactedException;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.SqliteStateStore;
import dev.gantry.store.ForwardingStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.testkit.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement cache against real stores: it catches up with every write it is asked to
 * have seen (instances and tasks, puts and deletes), counts only tasks that have not stopped,
 * leaves deregistered instances out, never shows a transaction half applied, and reads the
 * cluster afresh when its watches end or lag.
 */
class PlacementCacheTest {
  private static final String CLUSTER = "prod";
  private static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:container-instance/" + CLUSTER + "/";

  @TempDir
  Path dir;

  private final List<StateStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
  }

  private StateStore sqlite() {
    StateStore store = SqliteStateStore.open(dir.resolve("gantry.db"), Clock.systemUTC());
    opened.add(store);
    return store;
  }

  private static ContainerInstance instance(String id, int cpu, String status) {
    List<Resource> resources = List.of(Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
        Resource.builder().name("MEMORY").type("INTEGER").integerValue(4096).build());
    return ContainerInstance.builder().containerInstanceArn(ARN_PREFIX + id).ec2InstanceId(id).status(status)
        .agentConnected(true).registeredResources(resources).remainingResources(resources).runningTasksCount(0)
        .pendingTasksCount(0).attributes(List.of()).build();
  }

  private static Task task(String id, String instanceId, String group, String lastStatus) {
    return Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/" + CLUSTER + "/" + id)
        .containerInstanceArn(ARN_PREFIX + instanceId).group(group).lastStatus(lastStatus).desiredStatus("RUNNING")
        .build();
  }

  private static Op putInstance(ContainerInstance i) {
    return Op.put(Keys.instance(CLUSTER, ContainerInstances.id(i)), JsonCodec.encode(i));
  }

  private static Op putTask(Task t) {
    return Op.put(Keys.task(CLUSTER, t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1)), JsonCodec.encode(t));
  }

  private static long write(StateStore store, Op... ops) {
    TxnResult r = store.txn(new Txn(List.of(), List.of(ops)));
    assertThat(r.succeeded()).isTrue();
    return r.revision();
  }

  private static Map<String, InstanceView> byId(PlacementCache.Snapshot s) {
    return s.views().stream().collect(Collectors.toMap(InstanceView::ec2InstanceId, v -> v));
  }

  @Test
  void aSnapshotShowsEveryWriteUpToTheRevisionItWasAskedFor() {
    StateStore store = sqlite();
    write(store, putInstance(instance("i-a", 1000, "ACTIVE")));
    PlacementCache cache = new PlacementCache(store, CLUSTER);
    assertThat(byId(cache.snapshot(store.revision()))).containsOnlyKeys("i-a");

    // written while the cache watches: the next snapshot must include all of it
    write(store, putInstance(instance("i-b", 2000, "ACTIVE")));
    write(store, putTask(task("t1", "i-a", "family:web", "PENDING")), putTask(task("t2", "i-a", "family:web", "RUNNING")),
        putTask(task("t3", "i-b", "service:api", "RUNNING")));
    long last = write(store, putInstance(instance("i-a", 500, "ACTIVE")));

    PlacementCache.Snapshot s = cache.snapshot(last);
    assertThat(s.revision()).isGreaterThanOrEqualTo(last);
    Map<String, InstanceView> views = byId(s);
    assertThat(views).containsOnlyKeys("i-a", "i-b");
    assertThat(views.get("i-a").remainingCpu()).isEqualTo(500);
    assertThat(views.get("i-a").tasksByGroup()).isEqualTo(Map.of("family:web", 2));
    assertThat(views.get("i-b").tasksByGroup()).isEqualTo(Map.of("service:api", 1));
    assertThat(s.instances()).extracting(v -> v.kv().modRevision())
        .containsExactly(last, store.get(Keys.instance(CLUSTER, "i-b")).orElseThrow().modRevision());
  }

  @Test
  void stoppedAndDeletedTasksNoLongerCountAndDeletedOrDeregisteredInstancesAreLeftOut() {
    StateStore store = sqlite();
    write(store, putInstance(instance("i-a", 1000, "ACTIVE")), putInstance(instance("i-b", 1000, "ACTIVE")),
        putInstance(instance("i-c", 1000, "ACTIVE")));
    write(store, putTask(task("t1", "i-a", "g", "RUNNING")), putTask(task("t2", "i-a", "g", "RUNNING")),
        putTask(task("t3", "i-a", "g", "RUNNING")));
    PlacementCache cache = new PlacementCache(store, CLUSTER);
    assertThat(byId(cache.snapshot(store.revision())).get("i-a").tasksOfGroup("g")).isEqualTo(3);

    write(store, putTask(task("t1", "i-a", "g", "STOPPED")));
    write(store, Op.delete(Keys.task(CLUSTER, "t2")));
    write(store, Op.delete(Keys.instance(CLUSTER, "i-b")));
    long last = write(store, putInstance(instance("i-c", 1000, "INACTIVE")));

    PlacementCache.Snapshot s = cache.snapshot(last);
    assertThat(byId(s)).containsOnlyKeys("i-a");
    assertThat(byId(s).get("i-a").tasksByGroup()).isEqualTo(Map.of("g", 1));
    assertThat(s.instances()).extracting(v -> v.value().containerInstanceArn()).containsExactly(ARN_PREFIX + "i-a");
  }

  @Test
  void aServiceGroupsSnapshotHoldsItsOwnTasksStoppedOnesIncludedAndNoOtherGroups() {
    StateStore store = sqlite();
    write(store, putInstance(instance("i-a", 1000, "ACTIVE")));
    write(store, putTask(task("t1", "i-a", "service:web", "RUNNING")), putTask(task("t2", "i-a", "service:web", "STOPPED")),
        putTask(task("t3", "i-a", "service:api", "STOPPED")), putTask(task("t4", "i-a", "family:web", "STOPPED")));
    PlacementCache cache = new PlacementCache(store, CLUSTER);
    assertThat(taskIds(cache.snapshot(store.revision(), "service:web"))).containsExactly("t1", "t2");

    // changed while the cache watches: a task stops, one is deleted, one moves into the group
    write(store, putTask(task("t1", "i-a", "service:web", "STOPPED")));
    write(store, Op.delete(Keys.task(CLUSTER, "t2")));
    long last = write(store, putTask(task("t3", "i-a", "service:web", "PENDING")));

    PlacementCache.Snapshot web = cache.snapshot(last, "service:web");
    assertThat(taskIds(web)).containsExactly("t1", "t3");
    assertThat(web.groupTasks()).allSatisfy(v -> assertThat(v.modRevision()).isPositive());
    assertThat(taskIds(cache.snapshot(last, "service:api"))).isEmpty();
    assertThat(cache.snapshot(last).groupTasks()).isEmpty();
    cache.close();
  }

  private static List<String> taskIds(PlacementCache.Snapshot s) {
    return s.groupTasks().stream().map(v -> v.value().taskArn().substring(v.value().taskArn().lastIndexOf('/') + 1))
        .toList();
  }

  @Test
  void aTaskMovingToAnotherGroupOrInstanceIsCountedWhereItIsNow() {
    InMemoryStateStore store = new InMemoryStateStore();
    write(store, putInstance(instance("i-a", 1000, "ACTIVE")), putInstance(instance("i-b", 1000, "ACTIVE")),
        putTask(task("t1", "i-a", "g", "RUNNING")));
    PlacementCache cache = new PlacementCache(store, CLUSTER);
    cache.snapshot(store.revision());

    long last = write(store, putTask(task("t1", "i-b", "h", "RUNNING")));

    Map<String, InstanceView> views = byId(cache.snapshot(last));
    assertThat(views.get("i-a").tasksByGroup()).isEmpty();
    assertThat(views.get("i-b").tasksByGroup()).isEqualTo(Map.of("h", 1));
  }

  @Test
  void anInstanceIsNeverShownWithoutTheTasksWrittenWithIt() throws Exception {
    StateStore store = sqlite();
    write(store, putInstance(instance("i-a", 100_000, "ACTIVE")));
    PlacementCache cache = new PlacementCache(store, CLUSTER);
    cache.snapshot(store.revision());
    int placements = 300;
    Thread writer = Thread.ofPlatform().start(() -> {
      for (int i = 1; i <= placements; i++) {
        // as a placement commits: the instance's record and the new task in one transaction
        write(store, putInstance(instance("i-a", 100_000 - i, "ACTIVE")), putTask(task("t" + i, "i-a", "g", "PENDING")));
      }
    });
    while (writer.isAlive()) {
      PlacementCache.Snapshot s = cache.snapshot(0);
      InstanceView a = s.views().getFirst();
      assertThat(a.tasksOfGroup("g")).as("tasks of an instance with %d CPU taken", 100_000 - a.remainingCpu())
          .isGreaterThanOrEqualTo(100_000 - a.remainingCpu());
    }
    writer.join();
    assertThat(cache.snapshot(store.revision()).views().getFirst().tasksOfGroup("g")).isEqualTo(placements);
  }

  @Test
  void aRunTaskThatLostItsRaceIsNeverDecidedAgainOnTheDataThatLost() {
    InterferingStore racing = new InterferingStore(sqlite());
    PausableWatchStore store = new PausableWatchStore(racing);
    TaskOpsFixture mine = new TaskOpsFixture(store, 1);
    TaskOpsFixture other = new TaskOpsFixture(racing, 2);
    mine.createCluster();
    String host = mine.register("i-a", 1000, 1000).containerInstanceArn();
    mine.registerFamily("job", 600, 100, 0);
    mine.registerFamily("tiny", 1, 6, 0);
    assertThat(mine.run("tiny", 1).tasks()).hasSize(1); // this replica's cache now follows the cluster
    // from now on its watches deliver nothing: only waiting for the conflict's revision (and then
    // reading the cluster afresh) can show the retry the winning write; deciding on what the cache
    // holds would lose every race again and end in "too many concurrent changes"
    store.pause();
    racing.beforeNextTxn(() -> assertThat(other.run("job", 1).tasks()).hasSize(1));

    RunTaskResponse r = mine.run("job", 1);

    assertThat(r.tasks()).isEmpty();
    assertThat(r.failures()).extracting(f -> f.reason()).containsExactly("RESOURCE:CPU");
    assertThat(TaskOpsFixture.integer(mine.instance(host).remainingResources(), "CPU")).isEqualTo(399);
  }

  @Test
  void whenAWatchEndsTheNextSnapshotReadsTheClusterAfresh() {
    EndableWatchStore store = new EndableWatchStore(new InMemoryStateStore());
    write(store, putInstance(instance("i-a", 1000, "ACTIVE")));
    PlacementCache cache = new PlacementCache(store, CLUSTER);
    cache.snapshot(store.revision());

    store.endWatches(); // as when the store dropped the history a watch still needed
    long last = write(store, putInstance(instance("i-b", 1000, "ACTIVE")), putTask(task("t1", "i-b", "g", "RUNNING")));

    Map<String, InstanceView> views = byId(cache.snapshot(last));
    assertThat(views).containsOnlyKeys("i-a", "i-b");
    assertThat(views.get("i-b").tasksOfGroup("g")).isEqualTo(1);
    assertThat(store.watchesStarted).isEqualTo(4);
  }

  @Test
  void aStoreThatMarksProgressLateStillGivesCurrentSnapshots() {
    // only the port's default progress marks: the last revision is marked when the next event comes
    LateProgressStore store = new LateProgressStore(new InMemoryStateStore());
    write(store, putInstance(instance("i-a", 1000, "ACTIVE")));
    PlacementCache cache = new PlacementCache(store, CLUSTER, Duration.ofMillis(20));
    cache.snapshot(store.revision());

    long last = write(store, putInstance(instance("i-a", 300, "ACTIVE")));

    assertThat(byId(cache.snapshot(last)).get("i-a").remainingCpu()).isEqualTo(300);
  }

  /** A store whose watches can be ended from outside, as a store ends a watch that fell behind. */
  private static final class EndableWatchStore extends ForwardingStateStore {
    private final List<CompletableFuture<Void>> stops = new ArrayList<>();
    private final List<Watch> live = new ArrayList<>();
    int watchesStarted;

    EndableWatchStore(StateStore delegate) {
      super(delegate);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, dev.gantry.store.WatchListener listener) {
      watchesStarted++;
      Watch inner = delegate.watch(prefix, afterRevision, listener);
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      stops.add(stopped);
      live.add(inner);
      return new Watch() {
        @Override
        public CompletionStage<Void> stopped() {
          return stopped;
        }

        @Override
        public void close() {
          inner.close();
          stopped.complete(null);
        }
      };
    }

    void endWatches() {
      live.forEach(Watch::close);
      stops.forEach(f -> f.completeExceptionally(new CompactedException(1, 2)));
    }
  }

  /** A store whose watches can be made to deliver nothing more, as a watch that lags without end. */
  private static final class PausableWatchStore extends ForwardingStateStore {
    private volatile boolean paused;

    PausableWatchStore(StateStore delegate) {
      super(delegate);
    }

    void pause() {
      paused = true;
    }

    @Override
    public Watch watch(String prefix, long afterRevision, dev.gantry.store.WatchListener listener) {
      return delegate.watch(prefix, afterRevision, new dev.gantry.store.WatchListener() {
        @Override
        public void onEvent(WatchEvent event) {
          if (!paused) {
            listener.onEvent(event);
          }
        }

        @Override
        public void onProgress(long revision) {
          if (!paused) {
            listener.onProgress(revision);
          }
        }
      });
    }
  }

  /** Implements only the listener-less watch, so progress comes from the port's default. */
  private static final class LateProgressStore extends ForwardingStateStore {
    LateProgressStore(StateStore delegate) {
      super(delegate);
    }
  }
}
