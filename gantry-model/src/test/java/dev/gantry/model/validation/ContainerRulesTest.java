package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.Fixtures.taskWith;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerRulesTest {

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("a missing family is required", task(container("web").build()).toBuilder().family(null).build(),
            "family", "required", "255 letters"),
        rejects("a family with a space is not a valid name", taskWith(container("web").build()).family("my app").build(),
            "family", "'my app'", "letters, numbers, hyphens and underscores"),
        rejects("a family of 256 characters is too long", taskWith(container("web").build()).family("f".repeat(256)).build(),
            "family", "256 characters", "1 to 255"),
        rejects("missing containerDefinitions are required", taskWith().containerDefinitions(null).build(),
            "containerDefinitions", "required", "at least 1"),
        rejects("empty containerDefinitions hold no container", taskWith().build(),
            "containerDefinitions", "empty", "at least 1"),
        rejects("eleven containers are more than ECS allows", task(containers(11)),
            "containerDefinitions", "11 containers", "at most 10"),
        rejects("a container without a name is refused", task(container("web").name(null).build()),
            "containerDefinitions[0].name", "required"),
        rejects("a container name with a dot is not valid", task(container("web.1").build()),
            "containerDefinitions[0].name", "'web.1'", "hyphens and underscores"),
        rejects("two containers with one name are refused",
            task(container("web").build(), container("web").essential(false).build()),
            "containerDefinitions[1].name", "'web'", "containerDefinitions[0]", "unique"),
        rejects("a container without an image is refused", task(container("web").image(null).build()),
            "containerDefinitions[0].image", "required"),
        rejects("a blank image is refused", task(container("web").image(" ").build()),
            "containerDefinitions[0].image", "blank"),
        rejects("negative cpu units are refused", task(container("web").cpu(-1).build()),
            "containerDefinitions[0].cpu", "-1", "0 or more"),
        rejects("a task without an essential container is refused",
            task(container("a").essential(false).build(), container("b").essential(false).build()),
            "containerDefinitions", "essential: false", "at least one container must be essential"),
        rejects("a null container definition is named",
            taskWith().containerDefinitions(Arrays.asList(container("web").build(), null)).build(),
            "containerDefinitions[1]", "null", "container definition"),
        rejects("a null port mapping is named", task(container("web").portMappings(Arrays.asList(
                PortMapping.builder().containerPort(80).build(), null)).build()),
            "containerDefinitions[0].portMappings[1]", "null", "port mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("a family of exactly 255 characters", taskWith(container("web").build()).family("f".repeat(255)).build()),
        named("a family with hyphens and underscores", taskWith(container("web").build()).family("My-App_2").build()),
        named("ten containers, the most ECS allows", task(containers(10))),
        named("essential left out, which means essential", task(container("web").essential(null).build())),
        named("one essential container among non-essential ones",
            task(container("a").essential(false).build(), container("b").essential(true).build())),
        named("cpu 0, which leaves cpu unlimited", task(container("web").cpu(0).build())));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("accepted")
  void accepts(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  private static ContainerDefinition[] containers(int count) {
    List<ContainerDefinition> list = new ArrayList<>();
    IntStream.range(0, count).forEach(i -> list.add(container("c" + i).build()));
    return list.toArray(ContainerDefinition[]::new);
  }
}
