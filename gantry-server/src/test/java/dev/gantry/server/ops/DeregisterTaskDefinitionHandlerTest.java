package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskDefinitionFixture.ARN_PREFIX;
import static dev.gantry.server.ops.TaskDefinitionFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeregisterTaskDefinitionHandlerTest {
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @BeforeEach
  void registerTwoRevisions() {
    fx.register("web");
    fx.register("web");
  }

  private TaskDefinitionFamily family() {
    return fx.family("web");
  }

  @Test
  void makesAnActiveRevisionInactiveAndCountsIt() {
    TaskDefinition td = fx.deregister("web:1");

    assertThat(td.status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
    assertThat(td.deregisteredAt()).isEqualTo(NOW);
    assertThat(td.revision()).isEqualTo(1);
    assertThat(family()).isEqualTo(new TaskDefinitionFamily("web", 2, 1, 2));
    assertThat(fx.stored("web", 1).taskDefinition()).isEqualTo(td);
  }

  @Test
  void acceptsAnArn() {
    assertThat(fx.deregister(ARN_PREFIX + "web:2").status()).isEqualTo(TaskDefinitionStatus.INACTIVE);
  }

  @Test
  void deregisteringTwiceChangesNothingTheSecondTime() {
    TaskDefinition first = fx.deregister("web:1");
    long revision = fx.store.revision();

    TaskDefinition second = fx.deregister("web:1");

    assertThat(second).isEqualTo(first);
    assertThat(fx.store.revision()).isEqualTo(revision);
    assertThat(family().activeRevisions()).isEqualTo(1);
  }

  @ParameterizedTest(name = "''{0}'' is rejected: {1}")
  @CsvSource({
      "web, names a family without a revision",
      "web:x, is not valid",
      "web:0, is not valid",
      "'', is missing",
      "web:7, The specified task definition does not exist: web:7."})
  void rejectsReferencesThatNameNoRevision(String reference, String message) {
    assertThatThrownBy(() -> fx.deregister(reference))
        .isInstanceOfSatisfying(EcsException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.ClientException))
        .hasMessageContaining(message);
    assertThat(family().activeRevisions()).isEqualTo(2);
  }
}
