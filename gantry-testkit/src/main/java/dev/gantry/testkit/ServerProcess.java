package dev.gantry.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `gantry server` as a real child process (this JVM's classpath, which must hold gantry-cli),
 * for what only a separate process shows: kill -9, SIGTERM, a restart on the same data
 * directory, a load generator that does not share the server's heap.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern ENDPOINT = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
  private final Process process;
  private final URI endpoint;
  private final StringBuffer output = new StringBuffer();

  private ServerProcess(Process process, Duration timeout) throws IOException {
    this.process = process;
    CompletableFuture<URI> found = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> pump(found));
    try {
      this.endpoint = found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("gantry server did not report its endpoint within " + timeout + "; output:\n" + output, e);
    }
  }

  /** Starts `gantry server` on a free loopback port and waits until it reports its endpoint. */
  public static ServerProcess start(Path dataDir, String accessKeyId, String secretAccessKey) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.gantry.cli.Main", "server", "--listen", "127.0.0.1:0", "--data-dir", dataDir.toString()))
        .redirectErrorStream(true);
    pb.environment().put("GANTRY_ROOT_ACCESS_KEY_ID", accessKeyId);
    pb.environment().put("GANTRY_ROOT_SECRET_ACCESS_KEY", secretAccessKey);
    return new ServerProcess(pb.start(), Duration.ofSeconds(60));
  }

  /**
   * Starts `gantry dev` (server plus local agent) on a free loopback port with its state in
   * {@code dataDir}; its generated root keys are then in {@link #devCredentials}.
   */
  public static ServerProcess startDev(Path dataDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.gantry.cli.Main", "dev", "--listen", "127.0.0.1:0", "--data-dir", dataDir.toString()))
        .redirectErrorStream(true);
    return new ServerProcess(pb.start(), Duration.ofSeconds(60));
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

  private void pump(CompletableFuture<URI> found) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        Matcher m = ENDPOINT.matcher(line);
        if (!found.isDone() && m.find()) {
          found.complete(URI.create(m.group(1)));
        }
      }
    } catch (IOException e) {
      found.completeExceptionally(e);
    }
    found.completeExceptionally(new IOException("process ended"));
  }

  public URI endpoint() {
    return endpoint;
  }

  public String output() {
    return output.toString();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then the exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("gantry server ignored SIGTERM for 30 s; output:\n" + output);
    }
    return process.exitValue();
  }

  /** SIGTERM and a short wait for a clean exit, then SIGKILL: a closed fixture never lingers. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
