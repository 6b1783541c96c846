package dev.gantry.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v4 documents against golden files written from ECS's published field names and the
 * agent's Go encoding. Compared as compact text, so member order, left-out members and number
 * forms are all pinned, not just the values.
 */
class MetadataJsonTest {
  private static final ObjectMapper GOLDEN = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  static Stream<Arguments> documents() {
    return Stream.of(
        golden("container-running", () -> MetadataJson.container(Fixtures.web())),
        golden("container-stopped", () -> MetadataJson.container(Fixtures.stoppedSidecar())),
        golden("container-pending", () -> MetadataJson.container(Fixtures.pending())),
        golden("task-running", () -> MetadataJson.task(Fixtures.runningTask())),
        golden("task-new", () -> MetadataJson.task(Fixtures.newTask())),
        golden("task-stopped-two-vcpu", () -> MetadataJson.task(Fixtures.stoppedTask(2048))),
        golden("task-stopped-one-unit", () -> MetadataJson.task(Fixtures.stoppedTask(1))));
  }

  private static Arguments golden(String name, Supplier<JsonNode> built) {
    return Arguments.of(name, built);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void documentMatchesItsGolden(String name, Supplier<JsonNode> built) throws IOException {
    String expected = new String(MetadataJson.bytes(readGolden(name)), StandardCharsets.UTF_8);
    String actual = new String(MetadataJson.bytes(built.get()), StandardCharsets.UTF_8);
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2020-10-02T00:15:07.620912337Z, 2020-10-02T00:15:07.620912337Z",
      "2020-10-02T00:15:07.620Z,       2020-10-02T00:15:07.62Z",
      "2020-10-02T00:15:07.000000100Z, 2020-10-02T00:15:07.0000001Z",
      "2020-10-02T00:15:07Z,           2020-10-02T00:15:07Z",
      "1970-01-01T00:00:00.5Z,         1970-01-01T00:00:00.5Z",
      "2024-02-29T23:59:59.999999999Z, 2024-02-29T23:59:59.999999999Z",
  })
  void timestampsAreGoRfc3339NanoInUtc(String instant, String written) {
    assertThat(MetadataJson.rfc3339(Instant.parse(instant))).isEqualTo(written);
  }

  @Property
  void timestampsReadBackToTheSameInstant(
      @ForAll @LongRange(min = 0, max = 253402300799L) long seconds, @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant instant = Instant.ofEpochSecond(seconds, nanos);
    String written = MetadataJson.rfc3339(instant);
    assertThat(Instant.parse(written)).isEqualTo(instant);
    assertThat(written).doesNotContain(".Z").doesNotMatch(".*\\.\\d*0Z");
  }

  @Property
  void taskCpuIsVcpusWithoutExponentOrTrailingZeros(@ForAll @IntRange(min = 1, max = 10 * 1024 * 10) int units) {
    TaskMetadata task = TaskMetadata.builder("c", "arn", "f", 1).limits(units, 0).build();
    String json = new String(MetadataJson.bytes(MetadataJson.task(task)), StandardCharsets.UTF_8);
    String cpu = json.replaceFirst(".*\"Limits\":\\{\"CPU\":([^,}]*)[,}].*", "$1");
    assertThat(cpu).doesNotContain("E").doesNotEndWith(".0").doesNotMatch(".*\\.\\d*0");
    assertThat(new java.math.BigDecimal(cpu).multiply(java.math.BigDecimal.valueOf(1024)).intValueExact())
        .isEqualTo(units);
  }

  private static JsonNode readGolden(String name) throws IOException {
    String path = "/golden/metadata/" + name + ".json";
    try (InputStream in = MetadataJsonTest.class.getResourceAsStream(path)) {
      assertThat(in).as("golden file %s", path).isNotNull();
      return GOLDEN.readTree(in);
    }
  }
}
