package dev.gantry.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files the agent keeps in ECS_DATADIR for its next process. Each is replaced whole: written to
 * a temporary file beside it and renamed over it, so a process killed mid-write leaves the old
 * content or the new, never half of one. No fsync: the files outlive the agent process, which is
 * what they are for, not a host crash.
 */
public final class DataDir {
  private DataDir() {}

  /** Replaces {@code file}'s content with {@code text} (UTF-8), creating its folder if need be. */
  public static void replace(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
