package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerDependency;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.IpcMode;
import dev.gantry.model.LinuxParameters;
import dev.gantry.model.LogConfiguration;
import dev.gantry.model.LogDriver;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.Ulimit;
import dev.gantry.model.UlimitName;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequiresAttributesTest {
  private static final String API = "com.amazonaws.ecs.capability.docker-remote-api.";

  private static Arguments container(String name, UnaryOperator<ContainerDefinition.Builder> edit, String... names) {
    ContainerDefinition c = edit.apply(ContainerDefinition.builder().name("c").image("busybox")).build();
    return Arguments.of(name, TaskDefinition.builder().containerDefinitions(List.of(c)).build(), List.of(names));
  }

  private static Arguments task(String name, UnaryOperator<TaskDefinition.Builder> edit, String... names) {
    ContainerDefinition c = ContainerDefinition.builder().name("c").image("busybox").build();
    return Arguments.of(name, edit.apply(TaskDefinition.builder().containerDefinitions(List.of(c))).build(),
        List.of(names));
  }

  static Stream<Arguments> definitions() {
    return Stream.of(
        container("a plain container needs nothing", b -> b),
        container("awslogs with options", b -> b.logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS)
            .options(Map.of("awslogs-group", "g")).build()),
            "com.amazonaws.ecs.capability.logging-driver.awslogs", API + "1.19"),
        container("json-file without options", b -> b.logConfiguration(LogConfiguration.builder()
            .logDriver(LogDriver.JSON_FILE).build()), "com.amazonaws.ecs.capability.logging-driver.json-file",
            API + "1.18"),
        container("a health check", b -> b.healthCheck(HealthCheck.builder().command(List.of("CMD", "true")).build()),
            API + "1.24", "ecs.capability.container-health-check"),
        container("dependsOn", b -> b.dependsOn(List.of(ContainerDependency.builder().containerName("d").build())),
            "ecs.capability.container-ordering"),
        container("memoryReservation", b -> b.memoryReservation(64), API + "1.21"),
        container("privileged", b -> b.privileged(true), "com.amazonaws.ecs.capability.privileged-container"),
        container("not privileged", b -> b.privileged(false)),
        container("ulimits and labels once", b -> b.dockerLabels(Map.of("a", "b"))
            .ulimits(List.of(Ulimit.builder().name(UlimitName.NOFILE).softLimit(1).hardLimit(2).build())),
            API + "1.18"),
        container("an init process", b -> b.linuxParameters(LinuxParameters.builder().initProcessEnabled(true)
            .build()), API + "1.25"),
        task("awsvpc", b -> b.networkMode(NetworkMode.AWSVPC), API + "1.18", "ecs.capability.task-eni", API + "1.29"),
        task("bridge", b -> b.networkMode(NetworkMode.BRIDGE)),
        task("an ipc mode", b -> b.ipcMode(IpcMode.TASK), "ecs.capability.pid-ipc-namespace-sharing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void derivesTheAttributesEcsWouldRequire(String name, TaskDefinition td, List<String> expected) {
    assertThat(RequiresAttributes.derive(td)).extracting(Attribute::name).containsExactlyElementsOf(expected);
  }
}
