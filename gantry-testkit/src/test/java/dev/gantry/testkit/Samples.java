package dev.gantry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Hand-written ECS responses under src/test/resources/dev/gantry/testkit/samples. */
final class Samples {
  static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {
  }

  /** A fresh, mutable copy of samples/{operation}.json. */
  static ObjectNode sample(String operation) {
    try (InputStream in = Samples.class.getResourceAsStream("samples/" + operation + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no sample for " + operation);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(JsonNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  static ArrayNode array(JsonNode root, String pointer) {
    return (ArrayNode) root.at(pointer);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
