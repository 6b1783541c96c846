package dev.gantry.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DesiredTaskSetsTest {
  static final String ARN_A = "arn:aws:ecs:us-east-1:000000000000:container-instance/demo/aaaa";
  static final String ARN_B = "arn:aws:ecs:us-east-1:000000000000:container-instance/demo/bbbb";

  static Task task(String instanceArn, String desired, String last) {
    return Task.builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/demo/t").containerInstanceArn(instanceArn)
        .desiredStatus(desired).lastStatus(last).build();
  }

  DesiredTaskSets sets(long base) {
    DesiredTaskSets sets = new DesiredTaskSets();
    sets.reset(Map.of(), base);
    return sets;
  }

  @Test
  void startsEveryInstanceAtTheRevisionItWasResetFrom() {
    DesiredTaskSets sets = new DesiredTaskSets();
    sets.reset(Map.of("/tasks/demo/1", task(ARN_A, "RUNNING", "RUNNING")), 40);

    assertThat(sets.revision("aaaa")).isEqualTo(40);
    assertThat(sets.revision("never-seen")).isEqualTo(40);
    assertThat(sets.taskKeys("aaaa")).containsExactly("/tasks/demo/1");
  }

  @ParameterizedTest(name = "{0}/{1} -> {2}/{3}: set changes: {4}")
  @CsvSource({
      // desired before, last before, desired after, last after, changes the set
      "RUNNING, PENDING,  RUNNING, RUNNING, false",
      "RUNNING, RUNNING,  STOPPED, RUNNING, true",
      "STOPPED, RUNNING,  STOPPED, STOPPING, false",
      "STOPPED, STOPPING, STOPPED, STOPPED, true",
      "RUNNING, RUNNING,  RUNNING, STOPPED, true",
  })
  void changesTheRevisionOnlyWhenTheDesiredSetChanges(String desiredBefore, String lastBefore, String desiredAfter,
      String lastAfter, boolean changes) {
    DesiredTaskSets sets = sets(1);
    sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, desiredBefore, lastBefore)), 5);

    Set<String> changed = sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, desiredAfter, lastAfter)), 9);

    assertThat(changed).isEqualTo(changes ? Set.of("aaaa") : Set.of());
    assertThat(sets.revision("aaaa")).isEqualTo(changes ? 9 : 5);
  }

  @Test
  void addsAPlacedTaskToItsInstanceOnly() {
    DesiredTaskSets sets = sets(1);

    Set<String> changed = sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, "RUNNING", "PROVISIONING")), 7);

    assertThat(changed).containsExactly("aaaa");
    assertThat(sets.revision("aaaa")).isEqualTo(7);
    assertThat(sets.revision("bbbb")).isEqualTo(1);
    assertThat(sets.taskKeys("aaaa")).containsExactly("/tasks/demo/1");
    assertThat(sets.taskKeys("bbbb")).isEmpty();
  }

  @Test
  void leavesTasksWithoutAnInstanceOutOfEverySet() {
    DesiredTaskSets sets = sets(1);

    assertThat(sets.apply("/tasks/demo/1", Optional.of(task(null, "RUNNING", "PROVISIONING")), 7)).isEmpty();
  }

  @Test
  void removesADeletedTaskFromItsInstancesSet() {
    DesiredTaskSets sets = sets(1);
    sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, "RUNNING", "RUNNING")), 3);
    sets.apply("/tasks/demo/2", Optional.of(task(ARN_A, "RUNNING", "RUNNING")), 4);

    assertThat(sets.apply("/tasks/demo/1", Optional.empty(), 8)).containsExactly("aaaa");
    assertThat(sets.revision("aaaa")).isEqualTo(8);
    assertThat(sets.taskKeys("aaaa")).containsExactly("/tasks/demo/2");
    assertThat(sets.apply("/tasks/demo/1", Optional.empty(), 9)).as("deleting again changes nothing").isEmpty();
  }

  @Test
  void aResetMovesEveryInstanceToTheNewRevision() {
    DesiredTaskSets sets = sets(1);
    sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, "RUNNING", "RUNNING")), 3);

    sets.reset(Map.of("/tasks/demo/2", task(ARN_B, "RUNNING", "RUNNING")), 12);

    assertThat(sets.revision("aaaa")).isEqualTo(12);
    assertThat(sets.revision("bbbb")).isEqualTo(12);
    assertThat(sets.taskKeys("aaaa")).isEmpty();
    assertThat(sets.taskKeys("bbbb")).containsExactly("/tasks/demo/2");
  }

  @Test
  void aSetChangedByTheTransactionStillArrivingIsNotSettledUntilALaterRevisionArrives() {
    DesiredTaskSets sets = sets(1);
    assertThat(sets.settled("aaaa")).as("as reset").isTrue();

    // one transaction (revision 5) placing two tasks on aaaa: its changes arrive one by one
    sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, "RUNNING", "PENDING")), 5);
    assertThat(sets.settled("aaaa")).isFalse();
    assertThat(sets.settled("bbbb")).as("untouched by revision 5").isTrue();
    sets.apply("/tasks/demo/2", Optional.of(task(ARN_A, "RUNNING", "PENDING")), 5);
    // a status report (not a set change) at revision 6 shows that revision 5 is complete
    sets.apply("/tasks/demo/1", Optional.of(task(ARN_A, "RUNNING", "RUNNING")), 6);

    assertThat(sets.settled("aaaa")).isTrue();
    assertThat(sets.revision("aaaa")).isEqualTo(5);
    assertThat(sets.taskKeys("aaaa")).containsExactly("/tasks/demo/1", "/tasks/demo/2");
  }

  /** One write to a task record: which of three keys, and its value (empty for a delete). */
  record Write(String key, Optional<Task> task) {}

  @Provide
  Arbitrary<List<Write>> writes() {
    Arbitrary<Optional<Task>> value = Combinators.combine(
        Arbitraries.of(ARN_A, ARN_B),
        Arbitraries.of("RUNNING", "STOPPED"),
        Arbitraries.of("PENDING", "RUNNING", "STOPPED"))
        .as((arn, desired, last) -> task(arn, desired, last))
        .optional(0.85);
    Arbitrary<Write> write = Combinators.combine(Arbitraries.of("/tasks/demo/1", "/tasks/demo/2", "/tasks/demo/3"),
        value).as(Write::new);
    return write.list().ofMaxSize(30);
  }

  /**
   * Whatever the writes, each set is what the latest records say, and an instance's revision is
   * that of the last write that changed what its agent must act on.
   */
  @Property
  void revisionsMoveExactlyWhenWhatTheAgentMustDoChanges(@ForAll("writes") List<Write> writes) {
    DesiredTaskSets sets = sets(1);
    Map<String, Task> latest = new HashMap<>();
    Map<String, Long> expectedRevision = new HashMap<>(Map.of("aaaa", 1L, "bbbb", 1L));
    long revision = 1;
    for (Write w : writes) {
      revision++;
      Map<String, Set<String>> before = desired(latest);
      w.task().ifPresentOrElse(t -> latest.put(w.key(), t), () -> latest.remove(w.key()));
      Map<String, Set<String>> after = desired(latest);
      sets.apply(w.key(), w.task(), revision);
      for (String id : List.of("aaaa", "bbbb")) {
        if (!before.getOrDefault(id, Set.of()).equals(after.getOrDefault(id, Set.of()))) {
          expectedRevision.put(id, revision);
        }
        assertThat(sets.revision(id)).isEqualTo(expectedRevision.get(id));
        assertThat(Set.copyOf(sets.taskKeys(id))).isEqualTo(after.getOrDefault(id, Set.of()).stream()
            .map(s -> s.substring(0, s.indexOf('=')))
            .collect(Collectors.toSet()));
      }
    }
  }

  /** Per instance id: "key=desiredStatus" of every member, computed from scratch. */
  private static Map<String, Set<String>> desired(Map<String, Task> latest) {
    return latest.entrySet().stream()
        .filter(e -> DesiredTaskSets.isMember(e.getValue()))
        .collect(Collectors.groupingBy(e -> DesiredTaskSets.instanceId(e.getValue().containerInstanceArn()),
            Collectors.mapping(e -> e.getKey() + "=" + e.getValue().desiredStatus(), Collectors.toSet())));
  }
}
