package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DescribeTaskDefinitionRequest;
import dev.gantry.model.DescribeTaskDefinitionResponse;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of register, deregister and delete calls over a few families keep the
 * family records consistent with the stored revisions: counts match, revisions are never
 * handed out twice, and a bare family describes its highest ACTIVE revision.
 */
class TaskDefinitionFamilyInvariantTest {
  private static final List<String> FAMILIES = List.of("a", "a-b", "b");
  private static final int STEPS = 150;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 42, 2026})
  void familyRecordsAgreeWithTheStoredRevisionsAfterEveryCall(long seed) {
    TaskDefinitionFixture fx = new TaskDefinitionFixture();
    SplittableRandom random = new SplittableRandom(seed);
    Set<String> handedOut = new HashSet<>();
    for (int step = 0; step < STEPS; step++) {
      String family = FAMILIES.get(random.nextInt(FAMILIES.size()));
      String reference = family + ":" + (1 + random.nextInt(12));
      switch (random.nextInt(3)) {
        case 0 -> assertThat(handedOut.add(fx.register(family).taskDefinitionArn())).isTrue();
        case 1 -> ignoreClientErrors(() -> fx.deregister(reference));
        default -> fx.call("DeleteTaskDefinitions",
            DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of(reference)).build());
      }
      FAMILIES.forEach(f -> checkFamily(fx, f));
    }
  }

  private static void checkFamily(TaskDefinitionFixture fx, String family) {
    List<TaskDefinition> revisions = fx.store.range(Range.prefix(Keys.taskDefinitionFamily(family))).kvs().stream()
        .map((KeyValue kv) -> Records.decode(kv, StoredTaskDefinition.class).taskDefinition())
        .toList();
    Optional<TaskDefinitionFamily> meta = fx.store.get(Keys.taskDefinitionFamilyMeta(family))
        .map(kv -> Records.decode(kv, TaskDefinitionFamily.class));
    if (revisions.isEmpty()) {
      assertThat(meta).isEmpty();
      return;
    }
    List<TaskDefinition> active = revisions.stream()
        .filter(td -> td.status() == TaskDefinitionStatus.ACTIVE).toList();
    assertThat(meta).contains(new TaskDefinitionFamily(family, revisions.getLast().revision(), active.size(),
        revisions.size()));
    assertThat(revisions).extracting(TaskDefinition::revision).doesNotHaveDuplicates().isSorted();
    Optional<Integer> described = describeLatest(fx, family);
    assertThat(described).isEqualTo(active.isEmpty() ? Optional.empty()
        : Optional.of(active.getLast().revision()));
  }

  private static Optional<Integer> describeLatest(TaskDefinitionFixture fx, String family) {
    try {
      DescribeTaskDefinitionResponse r = fx.call("DescribeTaskDefinition",
          DescribeTaskDefinitionRequest.builder().taskDefinition(family).build());
      return Optional.of(r.taskDefinition().revision());
    } catch (EcsException e) {
      return Optional.empty();
    }
  }

  private static void ignoreClientErrors(Runnable call) {
    try {
      call.run();
    } catch (EcsException e) {
      // Deregistering a revision that was never registered is expected to fail here.
    }
  }
}
