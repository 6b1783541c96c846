package dev.gantry.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared example task definitions, read as {@code aws ecs register-task-definition} would send them. */
class SharedExamplesTest {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  @ParameterizedTest(name = "{0} registers")
  @ValueSource(strings = {"iis-windows.json", "invento-windows.json", "web-linux.json"})
  void acceptsTheValidExamples(String file) throws IOException {
    assertThat(TaskDefinitionValidator.validate(read(file))).isEmpty();
  }

  @Test
  void rejectsLinksAndPrivilegedInTheWindowsExample() throws IOException {
    List<Violation> violations = TaskDefinitionValidator.validate(read("windows-with-links.invalid.json"));
    assertThat(violations).extracting(Violation::field)
        .containsExactly("containerDefinitions[0].links", "containerDefinitions[0].privileged");
    assertThat(violations).allSatisfy(v ->
        assertThat(v.message()).contains("not supported for Windows containers", "WINDOWS_SERVER_2019_CORE"));
    assertThat(violations.get(0).toString()).startsWith("containerDefinitions[0].links: links ['db']");
  }

  private static RegisterTaskDefinitionRequest read(String file) throws IOException {
    Path root = Path.of(System.getProperty("gantry.root", ".."));
    Path example = root.resolve("../shared/examples").resolve(file).normalize();
    return JSON.readValue(Files.readString(example), RegisterTaskDefinitionRequest.class);
  }
}
