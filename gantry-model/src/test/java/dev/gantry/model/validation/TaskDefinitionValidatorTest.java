package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.taskWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerCondition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDefinitionValidatorTest {

  @Test
  void reportsEveryViolationInTheOrderTheFieldsAppear() {
    RegisterTaskDefinitionRequest request = taskWith(
        container("web").image(null).links(List.of("db"))
            .portMappings(List.of(PortMapping.builder().containerPort(80).hostPort(8080).build()))
            .dependsOn(List.of(ContainerDependency.builder().containerName("nope").condition(ContainerCondition.START).build()))
            .build(),
        container("web").memory(2).build())
        .family("bad family").networkMode(NetworkMode.AWSVPC).memory("lots").build();

    assertThat(TaskDefinitionValidator.validate(request)).extracting(Violation::field).containsExactly(
        "family",
        "containerDefinitions[0].image",
        "containerDefinitions[0].links",
        "containerDefinitions[0].links[0]",
        "containerDefinitions[0].portMappings[0].hostPort",
        "containerDefinitions[0].dependsOn[0].containerName",
        "containerDefinitions[1].name",
        "containerDefinitions[1].memory",
        "memory");
  }

  @Test
  void namesTheFieldFirstWhenShown() {
    List<Violation> violations = TaskDefinitionValidator.validate(taskWith(container("web").build()).family("").build());
    assertThat(violations).extracting(Violation::toString)
        .containsExactly("family: is required; use 1 to 255 letters, numbers, hyphens and underscores");
  }

  @Test
  void answersAMissingRequestWithAViolation() {
    assertThat(TaskDefinitionValidator.validate(null)).extracting(Violation::field).containsExactly("request");
  }

  @Test
  void ordersFieldsByTheirPositionInTheRequest() {
    assertThat(FieldOrder.key("family")).containsExactly(0);
    assertThat(FieldOrder.key("containerDefinitions[3].portMappings[1].hostPort")).containsExactly(4, 3, 7, 1, 1);
    assertThat(FieldOrder.key("volumes[0].dockerVolumeConfiguration.driver")).containsExactly(5, 0, 2, 2);
    assertThat(FieldOrder.key("request")).containsExactly(Integer.MAX_VALUE);
  }
}
