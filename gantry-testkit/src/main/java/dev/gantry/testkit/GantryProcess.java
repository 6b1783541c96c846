package dev.gantry.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A `gantry` command as a child process on this JVM's classpath (which must hold gantry-cli):
 * its output collected, started once a line matches what the command prints when it is ready,
 * and stopped the ways a test needs (SIGKILL, SIGTERM). ServerProcess and AgentProcess are this
 * with their own readiness line.
 */
final class GantryProcess implements AutoCloseable {
  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final String ready;

  private GantryProcess(Process process, Pattern readyLine, Duration timeout, String what) throws IOException {
    this.process = process;
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> pump(readyLine, found));
    try {
      this.ready = found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException(what + " did not start within " + timeout + "; output:\n" + output, e);
    }
  }

  /**
   * Runs {@code gantry <arguments>} and waits for a line matching {@code readyLine}; its first
   * group is then {@link #ready()}. {@code environment} may edit the child's environment.
   */
  static GantryProcess start(List<String> arguments, Consumer<Map<String, String>> environment, Pattern readyLine,
      String what) throws IOException {
    return start(List.of(), arguments, environment, readyLine, what);
  }

  /**
   * As {@link #start(List, Consumer, Pattern, String)}, run under {@code launcher}, a command that
   * execs its arguments in place (e.g. {@code ip netns exec NAME}), so the process a test
   * signals is still the JVM.
   */
  static GantryProcess start(List<String> launcher, List<String> arguments, Consumer<Map<String, String>> environment,
      Pattern readyLine, String what) throws IOException {
    return new GantryProcess(builder(launcher, arguments, environment).start(), readyLine, Duration.ofSeconds(60),
        what);
  }

  /**
   * Runs {@code gantry <arguments>} to its end, for commands that a test expects to exit by
   * themselves (a refused agent); killed and refused as a failure when still running after
   * {@code timeout}.
   */
  static FinishedProcess run(List<String> arguments, Consumer<Map<String, String>> environment, Duration timeout)
      throws IOException, InterruptedException {
    Process process = builder(List.of(), arguments, environment).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    }, task -> Thread.ofVirtual().start(task));
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IOException("gantry " + String.join(" ", arguments) + " still ran after " + timeout + "; output:\n"
          + output.join());
    }
    return new FinishedProcess(process.exitValue(), output.join());
  }

  private static ProcessBuilder builder(List<String> launcher, List<String> arguments,
      Consumer<Map<String, String>> environment) {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.gantry.cli.Main"));
    command.addAll(arguments);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    environment.accept(pb.environment());
    return pb;
  }

  private void pump(Pattern readyLine, CompletableFuture<String> found) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        Matcher m = readyLine.matcher(line);
        if (!found.isDone() && m.find()) {
          found.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      found.completeExceptionally(e);
    }
    found.completeExceptionally(new IOException("process ended"));
  }

  String ready() {
    return ready;
  }

  String output() {
    return output.toString();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits up to {@code timeout} for the process to end by itself; its exit status, or empty if it runs on. */
  java.util.OptionalInt awaitExit(java.time.Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  /** SIGTERM, then the exit code; SIGKILL if it ignored SIGTERM for 30 s. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the process ignored SIGTERM for 30 s; output:\n" + output);
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
