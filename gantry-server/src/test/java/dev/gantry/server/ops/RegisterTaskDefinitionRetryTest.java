package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.validation.Violation;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RegisterTaskDefinitionRetryTest {

  /** A store where another server replica commits a register of "web" just before our first write. */
  private static final class ReplicaRaceStore implements StateStore {
    private final InMemoryStateStore delegate = new InMemoryStateStore();
    private boolean raced;

    @Override
    public Optional<KeyValue> get(String key) {
      return delegate.get(key);
    }

    @Override
    public RangeResult range(Range range) {
      return delegate.range(range);
    }

    @Override
    public TxnResult txn(Txn txn) {
      if (!raced) {
        raced = true;
        TaskDefinition theirs = TaskDefinition.builder().family("web").revision(1)
            .status(TaskDefinitionStatus.ACTIVE).build();
        delegate.txn(new Txn(List.of(), List.of(
            Op.put(Keys.taskDefinition("web", 1), JsonCodec.encode(new StoredTaskDefinition(theirs, List.of()))),
            Op.put(Keys.taskDefinitionFamilyMeta("web"), JsonCodec.encode(new TaskDefinitionFamily("web", 1, 1, 1))))));
      }
      return delegate.txn(txn);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
      return delegate.watch(prefix, afterRevision, listener);
    }

    @Override
    public long grantLease(Duration ttl) {
      return delegate.grantLease(ttl);
    }

    @Override
    public boolean keepAlive(long leaseId) {
      return delegate.keepAlive(leaseId);
    }

    @Override
    public void revokeLease(long leaseId) {
      delegate.revokeLease(leaseId);
    }

    @Override
    public long revision() {
      return delegate.revision();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void aRegisterThatLosesARaceWithAnotherReplicaTakesTheNextRevision() {
    ReplicaRaceStore store = new ReplicaRaceStore();
    TaskDefinitionFixture fx = new TaskDefinitionFixture(store);

    TaskDefinition ours = fx.register("web");

    assertThat(ours.revision()).isEqualTo(2);
    assertThat(Records.decode(store.get(Keys.taskDefinition("web", 1)).orElseThrow(), StoredTaskDefinition.class)
        .taskDefinition().containerDefinitions()).as("the other replica's revision 1 is kept").isNull();
    assertThat(Records.decode(store.get(Keys.taskDefinitionFamilyMeta("web")).orElseThrow(),
        TaskDefinitionFamily.class)).isEqualTo(new TaskDefinitionFamily("web", 2, 2, 2));
  }

  @Test
  void listsEveryValidationViolationAsFieldAndMessage() {
    String message = RegisterTaskDefinitionHandler.violationsMessage(List.of(
        new Violation("containerDefinitions[0].links", "links are not supported on Windows"),
        new Violation("cpu", "task-level cpu is not supported on Windows")));

    assertThat(message).isEqualTo("containerDefinitions[0].links: links are not supported on Windows; "
        + "cpu: task-level cpu is not supported on Windows");
  }
}
