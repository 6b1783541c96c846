package dev.gantry.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.JsonCodec;
import java.util.Optional;

/**
 * The host identity an agent sends at registration, shaped like EC2's instance identity
 * document: {@code {"instanceId": ..., "availabilityZone": ..., "instanceType": ...,
 * "region": ..., "imageId": ...}}. Only instanceId is required; Gantry hosts are not EC2
 * instances, so the agent makes up stable values (e.g. the machine id) for what it lacks.
 */
record InstanceIdentityDocument(String instanceId, Optional<String> availabilityZone,
    Optional<String> instanceType, Optional<String> region, Optional<String> imageId) {

  static final String MEMBER = "instanceIdentityDocument";

  /** The document, or empty when none was sent; InvalidParameterException when it is not a valid one. */
  static Optional<InstanceIdentityDocument> parse(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JsonCodec.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw EcsException.invalidParameter(MEMBER + " is not valid JSON (" + e.getOriginalMessage()
          + "): send a JSON object with at least an instanceId string.");
    }
    if (root == null || !root.isObject()) {
      throw EcsException.invalidParameter(MEMBER + " must be a JSON object with at least an instanceId string.");
    }
    String instanceId = text(root, "instanceId").orElseThrow(() -> EcsException.invalidParameter(
        MEMBER + " has no instanceId: give the host's stable identifier as a non-empty string."));
    if (instanceId.length() > 255) {
      throw EcsException.invalidParameter(MEMBER + ".instanceId is longer than 255 characters.");
    }
    return Optional.of(new InstanceIdentityDocument(instanceId, text(root, "availabilityZone"),
        text(root, "instanceType"), text(root, "region"), text(root, "imageId")));
  }

  private static Optional<String> text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw EcsException.invalidParameter(MEMBER + "." + field + " must be a string; got " + node.getNodeType()
          + ".");
    }
    return node.asText().isEmpty() ? Optional.empty() : Optional.of(node.asText());
  }
}
