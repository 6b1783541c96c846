package dev.gantry.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `gantry agent` as a real child process (this JVM's classpath, which must hold gantry-cli),
 * configured only by the environment given, the way an operator configures it. A separate
 * process is what lets a test SIGKILL an agent and start it again over the same containers.
 *
 * <p>The child gets this JVM's environment minus every ECS_* and GANTRY_* variable (the agent
 * rejects ones it does not know, and a developer's shell must not leak into a test), plus
 * {@code environment}.
 */
public final class AgentProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Agent: container instance (\\S+) in cluster");
  private final Process process;
  private final String containerInstanceArn;
  private final StringBuffer output = new StringBuffer();

  private AgentProcess(Process process, Duration timeout) throws IOException {
    this.process = process;
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> pump(found));
    try {
      this.containerInstanceArn = found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("gantry agent did not report its container instance within " + timeout + "; output:\n"
          + output, e);
    }
  }

  /** Starts `gantry agent` with {@code environment} and waits until it has registered. */
  public static AgentProcess start(Map<String, String> environment) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "dev.gantry.cli.Main", "agent")).redirectErrorStream(true);
    pb.environment().keySet().removeIf(name -> name.startsWith("ECS_") || name.startsWith("GANTRY_"));
    pb.environment().putAll(environment);
    return new AgentProcess(pb.start(), Duration.ofSeconds(60));
  }

  private void pump(CompletableFuture<String> found) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        Matcher m = STARTED.matcher(line);
        if (!found.isDone() && m.find()) {
          found.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      found.completeExceptionally(e);
    }
    found.completeExceptionally(new IOException("process ended"));
  }

  /** The ARN the agent registered as. */
  public String containerInstanceArn() {
    return containerInstanceArn;
  }

  public String output() {
    return output.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the agent gets no chance to stop anything; its containers keep running. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
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
