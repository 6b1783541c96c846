package dev.gantry.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * `gantry server` as a real child process (this JVM's classpath, which must hold gantry-cli),
 * for what only a separate process shows: kill -9, SIGTERM, a restart on the same data
 * directory, a load generator that does not share the server's heap.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern ENDPOINT = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
  private final GantryProcess process;
  private final URI endpoint;

  private ServerProcess(GantryProcess process) {
    this.process = process;
    this.endpoint = URI.create(process.ready());
  }

  /** Starts `gantry server` on a free loopback port and waits until it reports its endpoint. */
  public static ServerProcess start(Path dataDir, String accessKeyId, String secretAccessKey) throws IOException {
    return new ServerProcess(GantryProcess.start(
        List.of("server", "--listen", "127.0.0.1:0", "--data-dir", dataDir.toString()),
        env -> {
          env.put("GANTRY_ROOT_ACCESS_KEY_ID", accessKeyId);
          env.put("GANTRY_ROOT_SECRET_ACCESS_KEY", secretAccessKey);
        }, ENDPOINT, "gantry server"));
  }

  /**
   * Starts `gantry dev` (server plus local agent) on a free loopback port with its state in
   * {@code dataDir}; its generated root keys are then in {@link #devCredentials}.
   */
  public static ServerProcess startDev(Path dataDir) throws IOException {
    return new ServerProcess(GantryProcess.start(
        List.of("dev", "--listen", "127.0.0.1:0", "--data-dir", dataDir.toString()), env -> { }, ENDPOINT,
        "gantry dev"));
  }

  /** The key=value lines of {@code <dataDir>/credentials} that `gantry dev` writes. */
  public static java.util.Map<String, String> devCredentials(Path dataDir) throws IOException {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (String line : java.nio.file.Files.readAllLines(dataDir.resolve("credentials"))) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }

  public URI endpoint() {
    return endpoint;
  }

  public String output() {
    return process.output();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGTERM, then the exit code. */
  public int terminate() throws InterruptedException {
    return process.terminate();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
