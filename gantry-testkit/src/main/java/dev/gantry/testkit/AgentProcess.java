package dev.gantry.testkit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
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
  private final GantryProcess process;

  private AgentProcess(GantryProcess process) {
    this.process = process;
  }

  /**
   * Runs `gantry agent` with {@code environment} when it is expected to exit by itself (refused
   * at start): its exit status and output; a failure if it still runs after {@code timeout}.
   */
  public static FinishedProcess runToExit(Map<String, String> environment, java.time.Duration timeout)
      throws IOException, InterruptedException {
    return GantryProcess.run(List.of("agent"), env -> scrubbed(env, environment), timeout);
  }

  private static void scrubbed(Map<String, String> env, Map<String, String> environment) {
    env.keySet().removeIf(name -> name.startsWith("ECS_") || name.startsWith("GANTRY_"));
    env.putAll(environment);
  }

  /** Starts `gantry agent` with {@code environment} and waits until it has registered. */
  public static AgentProcess start(Map<String, String> environment) throws IOException {
    return start(List.of(), environment);
  }

  /**
   * As {@link #start(Map)}, run under {@code launcher}: a command that execs the rest in place,
   * such as {@code ip netns exec NAME} for an agent in its own network namespace (empty: none).
   */
  public static AgentProcess start(List<String> launcher, Map<String, String> environment) throws IOException {
    return new AgentProcess(GantryProcess.start(launcher, List.of("agent"), env -> scrubbed(env, environment),
        STARTED, "gantry agent"));
  }

  /** The ARN the agent registered as. */
  public String containerInstanceArn() {
    return process.ready();
  }

  public String output() {
    return process.output();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code timeout} for the agent to exit by itself; its exit status, or empty if it runs on. */
  public java.util.OptionalInt awaitExit(java.time.Duration timeout) throws InterruptedException {
    return process.awaitExit(timeout);
  }

  /** SIGKILL: the agent gets no chance to stop anything; its containers keep running. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGTERM and a short wait for a clean exit, then SIGKILL: a closed fixture never lingers. */
  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
