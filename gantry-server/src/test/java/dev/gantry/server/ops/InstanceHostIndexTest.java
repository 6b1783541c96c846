package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.registration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DeregisterContainerInstanceRequest;
import dev.gantry.model.RegisterContainerInstanceResponse;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.SqliteStateStore;
import dev.gantry.store.ForwardingStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RegisterContainerInstance finds a host's registration through {@link InstanceHostIndex}: the
 * entry written with the instance and dropped at deregistration, stale entries ignored, stores
 * from before the index backfilled once per cluster, and racing registrations of one host still
 * ending on one instance.
 */
class InstanceHostIndexTest {
  private final ClusterOpsFixture f = new ClusterOpsFixture();

  private static Optional<String> entry(StateStore store, String cluster, String host) {
    return store.get(Keys.instanceHost(cluster, host))
        .map(kv -> JsonCodec.decode(kv.value(), InstanceHostIndex.Entry.class).containerInstanceId());
  }

  private static void deregister(ClusterOpsFixture f, String cluster, ContainerInstance ci) {
    f.call("DeregisterContainerInstance", DeregisterContainerInstanceRequest.builder().cluster(cluster)
        .containerInstance(ci.containerInstanceArn()).force(true).build());
  }

  /** Removes the index of {@code cluster} as a Gantry from before it would have left the store. */
  private static void forgetIndex(StateStore store, String cluster) {
    List<Op> deletes = new ArrayList<>();
    store.range(Range.prefix(Keys.INSTANCE_HOSTS + cluster + "/")).kvs().forEach(kv -> deletes.add(Op.delete(kv.key())));
    deletes.add(Op.delete(Keys.instanceHostsIndexed(cluster)));
    assertThat(store.txn(new Txn(List.of(), deletes)).succeeded()).isTrue();
  }

  @Test
  void registeringWritesTheHostsEntryAndDeregisteringRemovesIt() {
    f.createCluster("web");
    ContainerInstance ci = f.register("web", "host-1");

    assertThat(entry(f.store, "web", "host-1")).hasValue(ContainerInstances.id(ci));
    assertThat(f.store.get(Keys.instanceHostsIndexed("web"))).isPresent();

    deregister(f, "web", ci);

    assertThat(entry(f.store, "web", "host-1")).isEmpty();
    assertThat(f.register("web", "host-1").containerInstanceArn()).isNotEqualTo(ci.containerInstanceArn());
  }

  @Test
  void anEntryIsKeptPerClusterAndPerHost() {
    f.createCluster("web");
    f.createCluster("db");
    ContainerInstance web = f.register("web", "host-1");
    ContainerInstance db = f.register("db", "host-1");
    ContainerInstance other = f.register("web", "host-2");

    assertThat(entry(f.store, "web", "host-1")).hasValue(ContainerInstances.id(web));
    assertThat(entry(f.store, "db", "host-1")).hasValue(ContainerInstances.id(db));
    assertThat(entry(f.store, "web", "host-2")).hasValue(ContainerInstances.id(other));
    assertThat(f.register("web", "host-1").containerInstanceArn()).isEqualTo(web.containerInstanceArn());
  }

  @Test
  void anEntryNamingAnInstanceThatIsGoneOrElsewhereIsIgnoredAndReplaced() {
    f.createCluster("web");
    ContainerInstance elsewhere = f.register("web", "host-2");
    f.store.txn(new Txn(List.of(), List.of(InstanceHostIndex.put("web", "host-1", "no-such-instance"),
        InstanceHostIndex.put("web", "host-3", ContainerInstances.id(elsewhere)))));

    ContainerInstance one = f.register("web", "host-1");
    ContainerInstance three = f.register("web", "host-3");

    assertThat(List.of(one.containerInstanceArn(), three.containerInstanceArn()))
        .doesNotContain(elsewhere.containerInstanceArn()).doesNotHaveDuplicates();
    assertThat(entry(f.store, "web", "host-1")).hasValue(ContainerInstances.id(one));
    assertThat(entry(f.store, "web", "host-3")).hasValue(ContainerInstances.id(three));
  }

  @Test
  void reRegisteringAnInstanceByArnFromAnotherHostMovesItsEntry() {
    f.createCluster("web");
    ContainerInstance ci = f.register("web", "host-1");

    RegisterContainerInstanceResponse moved = f.call("RegisterContainerInstance", registration("web", "host-2")
        .containerInstanceArn(ci.containerInstanceArn()).build());

    assertThat(moved.containerInstance().ec2InstanceId()).isEqualTo("host-2");
    assertThat(entry(f.store, "web", "host-2")).hasValue(ContainerInstances.id(ci));
    assertThat(entry(f.store, "web", "host-1")).isEmpty();
    assertThat(f.register("web", "host-2").containerInstanceArn()).isEqualTo(ci.containerInstanceArn());
    assertThat(f.register("web", "host-1").containerInstanceArn()).isNotEqualTo(ci.containerInstanceArn());
  }

  @Test
  void aDataDirectoryFromBeforeTheIndexFindsItsInstancesAndIsBackfilledOnce(@TempDir Path dir) {
    Path file = dir.resolve("gantry.db");
    List<ContainerInstance> before = new ArrayList<>();
    try (StateStore yesterday = SqliteStateStore.open(file, Clock.systemUTC())) {
      ClusterOpsFixture old = new ClusterOpsFixture(yesterday);
      old.createCluster("web");
      IntStream.rangeClosed(1, 3).forEach(i -> before.add(old.register("web", "host-" + i)));
      deregister(old, "web", before.get(2));
      forgetIndex(yesterday, "web");
    }

    try (StateStore today = SqliteStateStore.open(file, Clock.systemUTC())) {
      ClusterOpsFixture now = new ClusterOpsFixture(today);

      assertThat(now.register("web", "host-2").containerInstanceArn()).isEqualTo(before.get(1).containerInstanceArn());
      assertThat(today.get(Keys.instanceHostsIndexed("web"))).isPresent();
      assertThat(entry(today, "web", "host-1")).hasValue(ContainerInstances.id(before.get(0)));
      assertThat(entry(today, "web", "host-2")).hasValue(ContainerInstances.id(before.get(1)));
      // a deregistered instance is not the host's registration: the host registers anew
      assertThat(entry(today, "web", "host-3")).isEmpty();
      assertThat(now.register("web", "host-1").containerInstanceArn()).isEqualTo(before.get(0).containerInstanceArn());
      assertThat(now.register("web", "host-3").containerInstanceArn())
          .isNotEqualTo(before.get(2).containerInstanceArn());
    }
  }

  @Test
  void onceIndexedARegistrationReadsNoneOfTheClustersInstances() {
    RangeCountingStore counting = new RangeCountingStore(new InMemoryStateStore());
    ClusterOpsFixture g = new ClusterOpsFixture(counting);
    g.createCluster("web");
    IntStream.rangeClosed(1, 20).forEach(i -> g.register("web", "host-" + i));
    counting.ranges.clear();

    g.register("web", "host-21");
    g.register("web", "host-7");

    assertThat(counting.ranges).noneMatch(prefix -> prefix.startsWith(Keys.INSTANCES));
  }

  @Test
  void racingFirstRegistrationsOfOneHostEndOnOneInstance() {
    var racing = new InterferingStore();
    var g = new ClusterOpsFixture(racing);
    g.createCluster("web");
    String[] first = new String[1];
    racing.beforeNextTxn(() -> first[0] = g.register("web", "host-1").containerInstanceArn());

    String second = g.register("web", "host-1").containerInstanceArn();

    assertThat(second).isEqualTo(first[0]);
    assertThat(ContainerInstances.all(racing, "web")).hasSize(1);
  }

  @Test
  void manyAgentsRegisteringTheSameHostsAtOnceGetOneInstancePerHost() throws Exception {
    f.createCluster("web");
    List<Future<ContainerInstance>> calls = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 32; i++) {
        String host = "host-" + (i % 8);
        calls.add(pool.submit(() -> f.register("web", host)));
      }
    }
    List<ContainerInstance> registered = new ArrayList<>();
    for (Future<ContainerInstance> c : calls) {
      registered.add(c.get());
    }

    assertThat(ContainerInstances.all(f.store, "web")).hasSize(8);
    for (ContainerInstance ci : registered) {
      assertThat(entry(f.store, "web", ci.ec2InstanceId())).hasValue(ContainerInstances.id(ci));
    }
  }

  /** Records the prefix of every range read; passes everything through. */
  private static final class RangeCountingStore extends ForwardingStateStore {
    final List<String> ranges = java.util.Collections.synchronizedList(new ArrayList<>());

    RangeCountingStore(StateStore delegate) {
      super(delegate);
    }

    @Override
    public RangeResult range(Range range) {
      ranges.add(range.prefix());
      return delegate.range(range);
    }
  }
}
