package dev.gantry.testkit;

import static dev.gantry.testkit.Samples.array;
import static dev.gantry.testkit.Samples.object;
import static dev.gantry.testkit.Samples.sample;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceModelValidatorTest {
  private final ServiceModelValidator validator = new ServiceModelValidator();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DescribeClusters", "RegisterTaskDefinition", "DescribeTasks"})
  void acceptsRealisticResponses(String operation) {
    assertThat(validator.validateOutput(operation, sample(operation))).isEmpty();
    assertThat(validator.validateOutput(operation, Samples.bytes(sample(operation)))).isEmpty();
  }

  @Test
  void acceptsAnEmptyObjectForAnOutputWithoutRequiredMembers() {
    assertThat(validator.validateOutput("DeleteAttributes", "{}".getBytes(UTF_8))).isEmpty();
  }

  record Defect(String name, String operation, Consumer<ObjectNode> change, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Defect> defects() {
    String td = "/taskDefinition";
    String container = "/taskDefinition/containerDefinitions/0";
    return Stream.of(
        new Defect("unknown member", "DescribeClusters", b -> object(b, "/clusters/0").put("colour", "blue"),
            "$.clusters[0].colour: unknown member of Cluster"),
        new Defect("string where an integer belongs", "DescribeClusters",
            b -> object(b, "/clusters/0").put("runningTasksCount", "3"),
            "$.clusters[0].runningTasksCount: expected an integer (Integer), got string \"3\""),
        new Defect("fraction where an integer belongs", "DescribeClusters",
            b -> object(b, "/clusters/0").put("runningTasksCount", 3.5),
            "$.clusters[0].runningTasksCount: expected an integer (Integer), got number 3.5"),
        new Defect("integer beyond 32 bits", "DescribeClusters",
            b -> object(b, "/clusters/0").put("runningTasksCount", 3_000_000_000L),
            "$.clusters[0].runningTasksCount: expected an integer within 32-bit range"),
        new Defect("fraction where a long belongs", "DescribeTasks", b -> object(b, "/tasks/0").put("version", 4.0),
            "$.tasks[0].version: expected an integer (Long), got number 4.0"),
        new Defect("value outside the enum", "RegisterTaskDefinition", b -> object(b, td).put("networkMode", "nat"),
            "$.taskDefinition.networkMode: \"nat\" is not a NetworkMode value (valid: bridge, host, awsvpc, none)"),
        new Defect("enum value inside a list", "RegisterTaskDefinition",
            b -> array(b, td + "/compatibilities").add("EC3"),
            "$.taskDefinition.compatibilities[2]: \"EC3\" is not a Compatibility value"),
        new Defect("missing required member", "RegisterTaskDefinition",
            b -> object(b, container + "/healthCheck").remove("command"),
            "$.taskDefinition.containerDefinitions[0].healthCheck: missing required member command of HealthCheck"),
        new Defect("timestamp as an ISO string", "RegisterTaskDefinition",
            b -> object(b, td).put("registeredAt", "2025-11-22T06:24:15Z"),
            "$.taskDefinition.registeredAt: expected a timestamp as a number of epoch seconds (Timestamp)"),
        new Defect("timestamp in milliseconds", "RegisterTaskDefinition",
            b -> object(b, td).put("registeredAt", 1763792655123L),
            "$.taskDefinition.registeredAt: expected epoch seconds; this looks like epoch milliseconds"),
        new Defect("string where a boolean belongs", "RegisterTaskDefinition",
            b -> object(b, container).put("essential", "true"),
            "$.taskDefinition.containerDefinitions[0].essential: expected a boolean (BoxedBoolean)"),
        new Defect("wrong type of map value, key with dots", "RegisterTaskDefinition",
            b -> object(b, container + "/dockerLabels").put("com.example.team", 5),
            "$.taskDefinition.containerDefinitions[0].dockerLabels[\"com.example.team\"]: expected a string (String)"),
        new Defect("null instead of an omitted member", "DescribeClusters", b -> object(b, "/clusters/0").putNull("tags"),
            "$.clusters[0].tags: null (Tags); absent members are omitted, never null"),
        new Defect("object where a list belongs", "DescribeClusters", b -> b.putObject("clusters"),
            "$.clusters: expected an array (Clusters), got object {}"),
        new Defect("list longer than its max", "RegisterTaskDefinition", b -> {
          for (int i = 0; i < 50; i++) {
            array(b, "/tags").addObject().put("key", "k" + i).put("value", "v");
          }
        }, "$.tags: 51 elements; Tags must have at most 50"),
        new Defect("string shorter than its min", "RegisterTaskDefinition", b -> object(b, "/tags/0").put("key", ""),
            "$.tags[0].key: 0 characters; TagKey must have at least 1"),
        new Defect("number above its max", "DescribeClusters",
            b -> object(b, "/clusters/0").putArray("defaultCapacityProviderStrategy").addObject()
                .put("capacityProvider", "FARGATE").put("weight", 2000),
            "$.clusters[0].defaultCapacityProviderStrategy[0].weight: 2000 is out of range for "
                + "CapacityProviderStrategyItemWeight; must be at most 1000"),
        new Defect("required member missing deep in a list", "DescribeTasks",
            b -> object(b, "/tasks/0/attributes/0").remove("name"),
            "$.tasks[0].attributes[0]: missing required member name of Attribute"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void reportsEachDefectOnceWithItsPath(Defect defect) {
    ObjectNode body = sample(defect.operation());
    defect.change().accept(body);

    List<String> problems = validator.validateOutput(defect.operation(), Samples.bytes(body));

    assertThat(problems).singleElement(STRING)
        .startsWith(defect.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void reportsBodiesThatAreNotAnObjectOfTheOutputShape(String name, String body, String expected) {
    assertThat(validator.validateOutput("DescribeClusters", body.getBytes(UTF_8)))
        .singleElement(STRING).startsWith(expected);
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("empty", "", "$: the body is empty"),
        Arguments.of("not JSON", "{\"clusters\": [", "$: the body is not valid JSON"),
        Arguments.of("duplicate member", "{\"failures\":[],\"failures\":[]}",
            "$: the body is not valid JSON: Duplicate field 'failures'"),
        Arguments.of("trailing garbage", "{} {}", "$: the body is not valid JSON"),
        Arguments.of("an array", "[]",
            "$: expected an object (DescribeClustersResponse), got array []"));
  }

  @Test
  void reportsAnOperationTheModelDoesNotHave() {
    assertThat(validator.validateOutput("DescribeWidgets", "{}".getBytes(UTF_8)))
        .containsExactly("operation DescribeWidgets: not an operation of the service model");
  }

  static Stream<Path> exampleTaskDefinitions() throws IOException {
    try (Stream<Path> files = Files.list(SharedFiles.examples())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleTaskDefinitions")
  void acceptsTheSharedExamplesAsRegisterTaskDefinitionInput(Path example) throws IOException {
    assertThat(validator.validateInput("RegisterTaskDefinition", Files.readAllBytes(example))).isEmpty();
  }

  @Test
  void reportsARequestWithoutARequiredMember() throws IOException {
    ObjectNode input = (ObjectNode) Samples.JSON.readTree(SharedFiles.example("web-linux.json").toFile());
    input.remove("family");

    assertThat(validator.validateInput("RegisterTaskDefinition", input))
        .containsExactly("$: missing required member family of RegisterTaskDefinitionRequest");
  }
}
