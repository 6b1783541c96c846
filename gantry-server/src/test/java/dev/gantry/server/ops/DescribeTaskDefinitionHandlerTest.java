package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskDefinitionFixture.ARN_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DescribeTaskDefinitionRequest;
import dev.gantry.model.DescribeTaskDefinitionResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.TaskDefinitionField;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeTaskDefinitionHandlerTest {
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @BeforeEach
  void registerThreeRevisionsAndDeregisterTheNewest() {
    fx.call("RegisterTaskDefinition",
        TaskDefinitionFixture.simple("web").toBuilder().tags(List.of(new Tag("team", "blue"))).build());
    fx.register("web");
    fx.register("web");
    fx.deregister("web:3");
  }

  private DescribeTaskDefinitionResponse describe(String reference, List<TaskDefinitionField> include) {
    return fx.call("DescribeTaskDefinition",
        DescribeTaskDefinitionRequest.builder().taskDefinition(reference).include(include).build());
  }

  @ParameterizedTest(name = "{0} describes revision {1} ({2})")
  @CsvSource({
      "web, 2, ACTIVE",
      "web:1, 1, ACTIVE",
      "web:3, 3, INACTIVE",
      "arn:aws:ecs:us-east-1:000000000000:task-definition/web:3, 3, INACTIVE",
      "arn:aws:ecs:eu-west-1:000000000000:task-definition/web:2, 2, ACTIVE"})
  void describesTheRevisionAReferenceNames(String reference, int revision, TaskDefinitionStatus status) {
    DescribeTaskDefinitionResponse response = describe(reference, null);

    assertThat(response.taskDefinition().revision()).isEqualTo(revision);
    assertThat(response.taskDefinition().status()).isEqualTo(status);
    assertThat(response.taskDefinition().taskDefinitionArn()).isEqualTo(ARN_PREFIX + "web:" + revision);
  }

  @Test
  void describesADeleteInProgressRevisionByItsRevision() {
    fx.deregister("web:1");
    fx.call("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of("web:1")).build());

    assertThat(describe("web:1", null).taskDefinition().status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
  }

  @Test
  void returnsTagsOnlyWhenAskedFor() {
    assertThat(describe("web:1", null).tags()).isNull();
    assertThat(describe("web:1", List.of(TaskDefinitionField.TAGS)).tags()).containsExactly(new Tag("team", "blue"));
    assertThat(describe("web:2", List.of(TaskDefinitionField.TAGS)).tags()).isEmpty();
  }

  @ParameterizedTest(name = "''{0}'' is unable to describe")
  @ValueSource(strings = {"nope", "web:9", "web:0", "web:x", "a/b", "arn:aws:ecs:us-east-1:000000000000:cluster/web",
      "arn:aws:ecs:us-east-1:000000000000:task-definition/nope:1"})
  void reportsReferencesThatNameNothingAsEcsDoes(String reference) {
    assertThatThrownBy(() -> describe(reference, null))
        .isInstanceOfSatisfying(EcsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.ClientException))
        .hasMessage("Unable to describe task definition.");
  }

  @Test
  void aFamilyWithOnlyInactiveRevisionsHasNoLatestRevision() {
    fx.register("solo");
    fx.deregister("solo:1");

    assertThatThrownBy(() -> describe("solo", null)).hasMessage("Unable to describe task definition.");
  }

  @Test
  void rejectsAMissingReference() {
    assertThatThrownBy(() -> describe(null, null))
        .isInstanceOfSatisfying(EcsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.ClientException))
        .hasMessageContaining("taskDefinition is missing");
  }
}
