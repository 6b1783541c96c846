package dev.gantry.agent.channel;

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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SavedLease} in ECS_DATADIR, one small JSON file per host identity
 * ({@code lease-<instanceId>.json}, beside the registration file). Written after every answered
 * poll while the instance has fenced tasks (every third of the liveness TTL at most), so each
 * write is cheap: a temporary file moved into place, never half a file, and no fsync. That is
 * enough for what it guards against, a dead agent process: the page cache outlives the process,
 * and a host that loses power loses its containers too. Without fenced tasks there is no file.
 */
public final class LeaseFile {
  private static final System.Logger LOG = System.getLogger(LeaseFile.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public LeaseFile(Path dataDir, String instanceId) {
    this.file = dataDir.resolve("lease-" + instanceId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }

  public Path file() {
    return file;
  }

  /**
   * The saved lease; empty when none was saved, or when the file cannot be read: then there is
   * nothing this process can enforce, which it logs as a warning because a fenced task of the
   * previous process may then outlive its lease. A task whose stop timeout is unreadable is kept
   * with none (stopped at once), and an unreadable lease length makes the deadline now: both err
   * toward stopping early, never toward two copies.
   */
  public Optional<SavedLease> read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return unreadable(e.toString());
    }
    try {
      JsonNode n = JSON.readTree(text);
      Map<String, Duration> tasks = new LinkedHashMap<>();
      n.path("fencedTasks").properties().forEach(e -> tasks.put(e.getKey(),
          Duration.ofMillis(Math.max(0, e.getValue().asLong()))));
      String arn = n.path("containerInstanceArn").asText("");
      if (arn.isEmpty() || !n.path("deadline").isTextual() || !n.path("leaseMillis").canConvertToLong()) {
        return unreadable("containerInstanceArn, deadline or leaseMillis is missing");
      }
      return Optional.of(new SavedLease(arn, Instant.parse(n.path("deadline").asText()),
          Duration.ofMillis(Math.max(0, n.path("leaseMillis").asLong())), tasks));
    } catch (IOException | RuntimeException e) {
      return unreadable(e.toString());
    }
  }

  private Optional<SavedLease> unreadable(String why) {
    LOG.log(System.Logger.Level.WARNING, "The fencing lease saved by the previous agent process in " + file
        + " cannot be read (" + why + "): its fenced tasks, if any, are not stopped on its deadline; the next "
        + "answered poll fences them again");
    return Optional.empty();
  }

  /** Saves {@code lease}; one without fenced tasks removes the file instead. */
  public void write(SavedLease lease) {
    try {
      if (lease.fencedTasks().isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      ObjectNode n = JSON.createObjectNode()
          .put("containerInstanceArn", lease.containerInstanceArn())
          .put("deadline", lease.deadline().toString())
          .put("leaseMillis", lease.lease().toMillis());
      ObjectNode tasks = n.putObject("fencedTasks");
      lease.fencedTasks().forEach((arn, stop) -> tasks.put(arn, stop.toMillis()));
      DataDir.replace(file, JSON.writeValueAsString(n));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the fencing lease to " + file + " (ECS_DATADIR): " + e.getMessage(),
          e);
    }
  }
}
