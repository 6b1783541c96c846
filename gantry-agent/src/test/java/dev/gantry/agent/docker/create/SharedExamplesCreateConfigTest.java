package dev.gantry.agent.docker.create;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.TaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The project's shared example task definitions, built as the agent would build them on a fitting host. */
class SharedExamplesCreateConfigTest {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final String METADATA_URI = "http://172.17.0.1:51679/v4/0f1e2d3c4b5a69788796a5b4c3d2e1f0-web";
  private static final CreateHost.Windows SERVER_2019 =
      new CreateHost.Windows(4, "10.0.17763.5122", CreateHost.Isolation.PROCESS, false, false);
  private static final CreateHost.Windows SERVER_2022 =
      new CreateHost.Windows(4, "10.0.20348.2340", CreateHost.Isolation.PROCESS, false, false);

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesItsGoldenFile(GoldenCase c) throws IOException {
    Golden.assertMatches(c.golden(), CreateConfigBuilder.build(c.input(), c.host()));
  }

  static Stream<GoldenCase> cases() throws IOException {
    TaskDefinition web = read("web-linux.json");
    TaskDefinition iis = read("iis-windows.json");
    TaskDefinition invento = read("invento-windows.json");
    TaskDefinition inventoWithoutAws = withContainer(invento, c -> c.toBuilder()
        .secrets(null).logConfiguration(null).build());
    return Stream.of(
        new GoldenCase("web-linux.json on a Linux host, with its dynamic port allocated and the metadata URI",
            "examples/web-linux", input(web).withHostPorts(Map.of("8080/tcp", 49153))
                .withAgentEnvironment(Map.of("ECS_CONTAINER_METADATA_URI_V4", METADATA_URI)),
            new CreateHost.Linux()),
        new GoldenCase("iis-windows.json on a 4-core Windows Server 2022 host with process isolation",
            "examples/iis-windows", input(iis).withImageOsVersion("10.0.20348.2340"), SERVER_2022),
        new GoldenCase("invento-windows.json is refused for its Secrets Manager secrets and awslogs",
            "examples/invento-windows", input(invento).withImageOsVersion("10.0.17763.4974")
                .withHostPorts(Map.of("8080/tcp", 49152)), SERVER_2019),
        new GoldenCase("invento-windows.json without secrets and awslogs on a 4-core Windows Server 2019 host",
            "examples/invento-windows-without-aws", input(inventoWithoutAws)
                .withImageOsVersion("10.0.17763.4974").withHostPorts(Map.of("8080/tcp", 49152)), SERVER_2019));
  }

  private static CreateConfigInput input(TaskDefinition task) {
    return Fixtures.input(task);
  }

  /** Registered as revision 1, as RegisterTaskDefinition would. */
  private static TaskDefinition read(String file) throws IOException {
    Path root = Path.of(System.getProperty("gantry.root", ".."));
    Path example = root.resolve("../shared/examples").resolve(file).normalize();
    TaskDefinition task = JSON.readValue(Files.readString(example), TaskDefinition.class);
    return task.toBuilder().revision(1)
        .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/" + task.family() + ":1").build();
  }

  private static TaskDefinition withContainer(TaskDefinition task, UnaryOperator<ContainerDefinition> change) {
    return task.toBuilder().containerDefinitions(List.of(change.apply(task.containerDefinitions().get(0)))).build();
  }
}
