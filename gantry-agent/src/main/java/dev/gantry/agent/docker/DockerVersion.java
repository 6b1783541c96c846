package dev.gantry.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Docker Engine's {@code GET /version} answer: the engine version and the range of Engine
 * API versions it serves.
 */
public record DockerVersion(String version, ApiVersion apiVersion, ApiVersion minApiVersion) {

  public static DockerVersion fromJson(JsonNode version) {
    return new DockerVersion(version.path("Version").asText(""),
        ApiVersion.parse(version.path("ApiVersion").asText("")).orElse(ApiVersion.NONE),
        ApiVersion.parse(version.path("MinAPIVersion").asText("")).orElse(ApiVersion.NONE));
  }
}
