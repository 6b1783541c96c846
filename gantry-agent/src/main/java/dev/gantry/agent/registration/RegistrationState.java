package dev.gantry.agent.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.agent.config.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The container instance ARN this host registered as, kept in ECS_DATADIR so that a restarted
 * agent registers the same instance again. One small JSON file per host identity
 * ({@code registration-<instanceId>.json}), so several agents standing for several hosts may
 * share a data directory; the file also records cluster and instance id, and an ARN saved for a
 * different cluster or host is not reused. Writes go to a temporary file first and are moved
 * into place, so a crash never leaves half a file.
 */
public final class RegistrationState {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String cluster;
  private final String instanceId;

  public RegistrationState(Path dataDir, String cluster, String instanceId) {
    this.file = dataDir.resolve("registration-" + instanceId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    this.cluster = cluster;
    this.instanceId = instanceId;
  }

  public Path file() {
    return file;
  }

  /** The saved ARN for this cluster and host; empty when none was saved or the file is unreadable. */
  public Optional<String> containerInstanceArn() {
    JsonNode saved;
    try {
      saved = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A damaged file must not stop the agent: the server still finds the host by its instance id.
      return Optional.empty();
    }
    if (saved == null || !cluster.equals(saved.path("cluster").asText()) || !instanceId.equals(
        saved.path("instanceId").asText())) {
      return Optional.empty();
    }
    String arn = saved.path("containerInstanceArn").asText("");
    return arn.isEmpty() ? Optional.empty() : Optional.of(arn);
  }

  public void save(String containerInstanceArn) {
    ObjectNode node = JSON.createObjectNode()
        .put("cluster", cluster)
        .put("instanceId", instanceId)
        .put("containerInstanceArn", containerInstanceArn);
    try {
      DataDir.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the container instance ARN to " + file + " (ECS_DATADIR): "
          + e.getMessage(), e);
    }
  }
}
