package dev.gantry.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testkit.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * The shared example task definitions as SDK requests, read the way
 * {@code aws ecs register-task-definition --cli-input-json} reads them: through the SDK's own
 * serializable builders, so no member is dropped on the way.
 */
final class Examples {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private Examples() {}

  static RegisterTaskDefinitionRequest registerRequest(String fileName) {
    try {
      return MAPPER.readValue(SharedFiles.example(fileName).toFile(),
          RegisterTaskDefinitionRequest.serializableBuilderClass()).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
