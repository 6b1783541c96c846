package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DeleteTaskDefinitionsResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.Txn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The task definition writers against another server replica writing the same keys between
 * their reads and their transactions: a lost race is retried on fresh state, and a writer that
 * keeps losing gives up the way its operation reports it.
 */
class TaskDefinitionConflictTest {
  private final InterferingStore store = new InterferingStore();
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture(store);

  @Test
  void aRegisterThatLosesARaceWithAnotherReplicaTakesTheNextRevision() {
    store.beforeNextTxn(() -> {
      TaskDefinition theirs = TaskDefinition.builder().family("web").revision(1)
          .status(TaskDefinitionStatus.ACTIVE).build();
      store.txn(new Txn(List.of(), List.of(
          Op.put(Keys.taskDefinition("web", 1), JsonCodec.encode(new StoredTaskDefinition(theirs, List.of()))),
          Op.put(Keys.taskDefinitionFamilyMeta("web"), JsonCodec.encode(new TaskDefinitionFamily("web", 1, 1, 1))))));
    });

    TaskDefinition ours = fx.register("web");

    assertThat(ours.revision()).isEqualTo(2);
    assertThat(fx.stored("web", 1).taskDefinition().containerDefinitions())
        .as("the other replica's revision 1 is kept").isNull();
    assertThat(fx.family("web")).isEqualTo(new TaskDefinitionFamily("web", 2, 2, 2));
  }

  @Test
  void aRegisterThatLosesEveryRaceGivesUpWithECSsOwnClientError() {
    fx.register("web");
    store.beforeNextTxns(Integer.MAX_VALUE, () -> touch(Keys.taskDefinitionFamilyMeta("web")));

    assertThatThrownBy(() -> fx.register("web")).isInstanceOfSatisfying(EcsException.class, e -> {
      assertThat(e.type()).isEqualTo(ErrorType.ClientException);
      assertThat(e.getMessage())
          .isEqualTo("Too many concurrent attempts to create a new revision of the specified family.");
    });
    assertThat(fx.family("web")).isEqualTo(new TaskDefinitionFamily("web", 1, 1, 1));
  }

  @Test
  void aDeregisterThatLosesEveryRaceGivesUpWithARetryableServerError() {
    fx.register("web");
    store.beforeNextTxns(Integer.MAX_VALUE, () -> touch(Keys.taskDefinition("web", 1)));

    assertThatThrownBy(() -> fx.deregister("web:1")).isInstanceOfSatisfying(EcsException.class, e -> {
      assertThat(e.type()).isEqualTo(ErrorType.ServerException);
      assertThat(e.getMessage()).contains("deregister task definition web:1").contains("retry");
    });
    assertThat(fx.stored("web", 1).taskDefinition().status()).isEqualTo(TaskDefinitionStatus.ACTIVE);
    assertThat(fx.family("web").activeRevisions()).isEqualTo(1);
  }

  @Test
  void aDeleteThatLosesEveryRaceReportsThatRevisionAsAFailure() {
    fx.register("web");
    fx.deregister("web:1");
    store.beforeNextTxns(Integer.MAX_VALUE, () -> touch(Keys.taskDefinition("web", 1)));

    DeleteTaskDefinitionsResponse response = fx.call("DeleteTaskDefinitions",
        DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of("web:1")).build());

    assertThat(response.taskDefinitions()).isEmpty();
    assertThat(response.failures()).containsExactly(Failure.builder().arn(TaskDefinitionFixture.ARN_PREFIX + "web:1")
        .reason("Too many concurrent changes to this task definition").detail("Try the call again.").build());
    assertThat(fx.stored("web", 1).taskDefinition().status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
  }

  /** Another replica rewrites the record unchanged, which moves its mod-revision. */
  private void touch(String key) {
    KeyValue kv = store.get(key).orElseThrow();
    store.txn(new Txn(List.of(), List.of(Op.put(key, kv.value()))));
  }
}
