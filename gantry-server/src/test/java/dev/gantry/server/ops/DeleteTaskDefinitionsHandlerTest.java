package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskDefinitionFixture.ARN_PREFIX;
import static dev.gantry.server.ops.TaskDefinitionFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DeleteTaskDefinitionsResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeleteTaskDefinitionsHandlerTest {
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @BeforeEach
  void registerThreeRevisionsTwoDeregistered() {
    fx.register("web");
    fx.register("web");
    fx.register("web");
    fx.deregister("web:1");
    fx.deregister("web:2");
  }

  private DeleteTaskDefinitionsResponse delete(List<String> references) {
    return fx.call("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions(references).build());
  }

  @Test
  void startsDeletingInactiveRevisions() {
    DeleteTaskDefinitionsResponse response = delete(List.of("web:1", ARN_PREFIX + "web:2"));

    assertThat(response.failures()).isEmpty();
    assertThat(response.taskDefinitions()).extracting(TaskDefinition::revision).containsExactly(1, 2);
    assertThat(response.taskDefinitions()).allSatisfy(td -> {
      assertThat(td.status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
      assertThat(td.deleteRequestedAt()).isEqualTo(NOW);
      assertThat(td.deregisteredAt()).isEqualTo(NOW);
    });
    assertThat(fx.family("web")).isEqualTo(new TaskDefinitionFamily("web", 3, 1, 3));
  }

  @Test
  void reportsActiveAndMissingRevisionsAsFailuresAndDeletesTheRest() {
    DeleteTaskDefinitionsResponse response = delete(List.of("web:3", "web:9", "nope:1", "web:1"));

    assertThat(response.taskDefinitions()).extracting(TaskDefinition::revision).containsExactly(1);
    assertThat(response.failures()).containsExactly(
        Failure.builder().arn(ARN_PREFIX + "web:3").reason(DeleteTaskDefinitionsHandler.STILL_ACTIVE).build(),
        Failure.builder().arn(ARN_PREFIX + "web:9").reason("MISSING").build(),
        Failure.builder().arn(ARN_PREFIX + "nope:1").reason("MISSING").build());
  }

  @Test
  void deletingAgainReturnsTheRevisionUnchanged() {
    TaskDefinition first = delete(List.of("web:1")).taskDefinitions().getFirst();
    long revision = fx.store.revision();

    DeleteTaskDefinitionsResponse again = delete(List.of("web:1", "web:1"));

    assertThat(again.taskDefinitions()).containsExactly(first);
    assertThat(fx.store.revision()).isEqualTo(revision);
  }

  @Test
  void rejectsMoreThanTenOrNoTaskDefinitions() {
    for (List<String> references : List.of(Collections.nCopies(11, "web:1"), List.<String>of())) {
      assertThatThrownBy(() -> delete(references))
          .isInstanceOfSatisfying(EcsException.class,
              e -> assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException))
          .hasMessageContaining("give 1 to 10 task definitions");
    }
  }

  @Test
  void rejectsAFamilyWithoutRevisionBeforeChangingAnything() {
    long revision = fx.store.revision();

    assertThatThrownBy(() -> delete(List.of("web:1", "web")))
        .isInstanceOfSatisfying(EcsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.ClientException))
        .hasMessageContaining("taskDefinitions[1] 'web' names a family without a revision");
    assertThat(fx.store.revision()).isEqualTo(revision);
  }
}
