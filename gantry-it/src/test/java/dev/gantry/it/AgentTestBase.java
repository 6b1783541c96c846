package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.AgentProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * End to end on this machine: one real server per test class (in-process, SQLite in a temp
 * dir, short agent liveness TTL), real `gantry agent` child processes, the real dockerd, and the
 * real AWS SDK for Java v2 whose every response is checked against the ECS service model.
 *
 * <p>Skipped, with the reason, where no dockerd or no test images exist. Every task a test
 * starts is registered with {@link #track} and its containers are removed by label after the
 * test, pass or fail; agents started with {@link #startAgent} are stopped after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentTestBase {
  protected static final String REGION = "us-east-1";
  protected static final String ACCOUNT = "000000000000";
  protected static final Duration LIVENESS_TTL = Duration.ofSeconds(3);
  protected final String accessKeyId = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
  protected final String secretAccessKey = UUID.randomUUID().toString() + UUID.randomUUID();
  protected final String cluster = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AgentProcess> agents = new CopyOnWriteArrayList<>();
  private final List<String> trackedTasks = new CopyOnWriteArrayList<>();
  private final List<Path> agentDirs = new CopyOnWriteArrayList<>();
  protected Path dataDir;
  protected GantryServer server;
  protected ValidatingEcsClient client;
  protected EcsClient ecs;

  @BeforeAll
  void startServer() throws Exception {
    Optional<String> noDocker = DockerCli.unavailableReason();
    // Surefire drops the reason of a class-level skip from its report, so the log says it too.
    noDocker.ifPresent(why -> System.err.println("SKIPPED " + getClass().getSimpleName() + ": end-to-end tests need"
        + " Docker: " + why));
    Assumptions.assumeTrue(noDocker.isEmpty(), () -> "end-to-end tests need Docker: " + noDocker.orElse(""));
    dataDir = Files.createTempDirectory("gantry-e2e-");
    server = GantryServer.start(serverConfig(new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, REGION,
        ACCOUNT, accessKeyId, secretAccessKey).withAgentLivenessTtl(LIVENESS_TTL)));
    client = ValidatingEcsClient.create(server.endpoint(), accessKeyId, secretAccessKey);
    ecs = client.ecs();
    ecs.createCluster(r -> r.clusterName(cluster));
  }

  /** The server's configuration; a subclass may shorten more of its timings. */
  protected ServerConfig serverConfig(ServerConfig defaults) {
    return defaults;
  }

  @AfterEach
  void removeTaskContainers() {
    trackedTasks.forEach(DockerCli::removeTaskContainers);
    trackedTasks.clear();
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      for (AgentProcess agent : agents) {
        agent.close();
      }
      // containers a scheduler started, or those of a SIGKILLed agent, are tracked by no test
      agents.stream().map(AgentProcess::containerInstanceArn).distinct().forEach(DockerCli::removeInstanceContainers);
      if (client != null) {
        client.assertNoProblems();
        assertThat(client.validator().validatedCount()).as("responses validated against the service model").isPositive();
      }
    } finally {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      TempDirs.delete(dataDir);
      agentDirs.forEach(TempDirs::delete);
    }
  }

  /** The environment of an agent for this class's cluster, signing with the root keys. */
  protected Map<String, String> agentEnvironment(String instanceId, String zone) throws Exception {
    Path agentData = Files.createTempDirectory("gantry-e2e-agent-");
    agentDirs.add(agentData);
    Map<String, String> env = new HashMap<>();
    env.put("GANTRY_SERVER", server.endpoint().toString());
    env.put("GANTRY_ACCESS_KEY_ID", accessKeyId);
    env.put("GANTRY_SECRET_ACCESS_KEY", secretAccessKey);
    env.put("ECS_CLUSTER", cluster);
    env.put("ECS_DATADIR", agentData.toString());
    env.put("GANTRY_INSTANCE_ID", instanceId);
    env.put("GANTRY_AVAILABILITY_ZONE", zone);
    env.put("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "1m");
    return env;
  }

  /** Starts `gantry agent` with {@code env}; it is stopped after the class at the latest. */
  protected AgentProcess startAgent(Map<String, String> env) throws Exception {
    return startAgent(List.of(), env);
  }

  /** As {@link #startAgent(Map)}, under {@code launcher} (see {@link AgentProcess#start(List, Map)}). */
  protected AgentProcess startAgent(List<String> launcher, Map<String, String> env) throws Exception {
    AgentProcess agent = AgentProcess.start(launcher, env);
    agents.add(agent);
    return agent;
  }

  /** Marks the task's containers for removal after the test. */
  protected String track(Task task) {
    trackedTasks.add(task.taskArn());
    return task.taskArn();
  }

  protected Task describe(String taskArn) {
    List<Task> tasks = ecs.describeTasks(r -> r.cluster(cluster).tasks(taskArn)).tasks();
    assertThat(tasks).as("DescribeTasks of " + taskArn).hasSize(1);
    return tasks.get(0);
  }

  /** Polls DescribeTasks until {@code condition} holds, failing with the last state after {@code timeout}. */
  protected Task awaitTask(String taskArn, String what, Duration timeout, Predicate<Task> condition) {
    try {
      return await(what + " for " + taskArn, timeout, () -> describe(taskArn), condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + agentOutputs(), e);
    }
  }

  /** The agents' recent output, for failure messages. */
  protected String agentOutputs() {
    StringBuilder b = new StringBuilder();
    for (AgentProcess agent : agents) {
      String out = agent.output();
      b.append("\n--- agent ").append(agent.containerInstanceArn()).append(" (tail):\n")
          .append(out, Math.max(0, out.length() - 4000), out.length());
    }
    return b.toString();
  }

  /** Polls {@code probe} every 200 ms until {@code condition} holds or {@code timeout} has passed. */
  protected static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      T value = probe.get();
      if (condition.test(value)) {
        return value;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("waited " + timeout + " for " + what + "; last seen: " + value);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  protected static boolean running(Task t) {
    return "RUNNING".equals(t.lastStatus());
  }

  protected static boolean stopped(Task t) {
    return "STOPPED".equals(t.lastStatus());
  }
}
