package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.AgentProcess;
import dev.gantry.testkit.FinishedProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent started while its server is away carries on as its saved container instance and
 * registers again in the background. When the server then answers, it answers one of three ways:
 * yes (covered by the fencing restart scenario), no for good, or with another instance. Here,
 * the last two, on real processes: the agent must not keep asking forever, nor sit there unable
 * to poll; it exits with the ECS agent's status for each (5: do not restart; 1: restart). The
 * same refusal on the poll of a running agent ends it too.
 *
 * <p>The server runs in this JVM, each time on the same data directory or a fresh one; the agent
 * is a `gantry agent` child process pointed at a port where nothing listens until the test starts
 * the second server there.
 */
class AgentRegistrationRefusedTest {
  private static final Duration EXIT = Duration.ofSeconds(60);
  private final String accessKeyId = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
      .toUpperCase();
  private final String secretAccessKey = UUID.randomUUID().toString() + UUID.randomUUID();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private final List<String> instances = new ArrayList<>();

  @BeforeEach
  void needsDocker() {
    Optional<String> noDocker = DockerCli.unavailableReason();
    Assumptions.assumeTrue(noDocker.isEmpty(), () -> "the agent needs Docker: " + noDocker.orElse(""));
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    instances.forEach(DockerCli::removeInstanceContainers);
    dirs.forEach(TempDirs::delete);
  }

  private Path tempDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    dirs.add(dir);
    return dir;
  }

  private GantryServer server(Path dataDir, int port) {
    GantryServer server = GantryServer.start(new ServerConfig(new InetSocketAddress("127.0.0.1", port), dataDir,
        "us-east-1", "000000000000", accessKeyId, secretAccessKey).withAgentLivenessTtl(Duration.ofSeconds(3)));
    open.add(server::close);
    return server;
  }

  private ValidatingEcsClient client(GantryServer server) {
    ValidatingEcsClient client = ValidatingEcsClient.create(server.endpoint(), accessKeyId, secretAccessKey);
    open.add(() -> {
      client.assertNoProblems();
      client.close();
    });
    return client;
  }

  private Map<String, String> agentEnvironment(String cluster) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("GANTRY_ACCESS_KEY_ID", accessKeyId);
    env.put("GANTRY_SECRET_ACCESS_KEY", secretAccessKey);
    env.put("ECS_CLUSTER", cluster);
    env.put("ECS_DATADIR", tempDir("gantry-refused-agent-").toString());
    env.put("GANTRY_INSTANCE_ID", "refused-" + UUID.randomUUID().toString().substring(0, 8));
    return env;
  }

  private AgentProcess agent(Map<String, String> env, String server) throws IOException {
    Map<String, String> withServer = new HashMap<>(env);
    withServer.put("GANTRY_SERVER", server);
    AgentProcess agent = AgentProcess.start(withServer);
    open.add(agent);
    instances.add(agent.containerInstanceArn());
    return agent;
  }

  /** A loopback port nothing listens on now (the second server binds it later). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Registers a host with a first server, stops its agent, lets {@code meanwhile} change the
   * server's side, closes that server, and starts the agent again against a port where the
   * second server (made by {@code second}) comes up only after the agent has started.
   */
  private Restarted restartWhileAway(String cluster, Meanwhile meanwhile, SecondServer second) throws Exception {
    Path dataDir = tempDir("gantry-refused-server-");
    GantryServer first = server(dataDir, 0);
    ValidatingEcsClient firstClient = client(first);
    if (!cluster.equals("default")) {
      firstClient.ecs().createCluster(r -> r.clusterName(cluster));
    }
    Map<String, String> env = agentEnvironment(cluster);
    AgentProcess registered = agent(env, first.endpoint().toString());
    String arn = registered.containerInstanceArn();
    registered.close();
    meanwhile.apply(firstClient, arn);
    first.close();

    int port = freePort();
    AgentProcess away = agent(env, "http://127.0.0.1:" + port);
    assertThat(away.containerInstanceArn()).as("carries on as the saved instance").isEqualTo(arn);
    assertThat(away.output()).contains("registering again in the background");
    GantryServer again = server(second.dataDir(dataDir), port);
    return new Restarted(env, arn, away, again);
  }

  private record Restarted(Map<String, String> env, String arn, AgentProcess agent, GantryServer server) {}

  private interface Meanwhile {
    void apply(ValidatingEcsClient client, String arn);
  }

  private interface SecondServer {
    Path dataDir(Path firstDataDir) throws IOException;
  }

  @Test
  void anInstanceDeregisteredWhileTheAgentWasAwayEndsItWithTheStatusThatSaysDoNotRestart() throws Exception {
    String cluster = "refused-" + UUID.randomUUID().toString().substring(0, 8);
    Restarted r = restartWhileAway(cluster,
        (client, arn) -> client.ecs().deregisterContainerInstance(d -> d.cluster(cluster).containerInstance(arn)
            .force(true)),
        firstDataDir -> firstDataDir);

    assertThat(r.agent().awaitExit(EXIT)).as("exit status of the agent; output:\n" + r.agent().output())
        .hasValue(5);
    assertThat(r.agent().output()).contains("The agent stopped:").contains(r.arn()).contains("deregistered");
  }

  @Test
  void aServerThatNoLongerKnowsTheInstanceGetsTheHostAsANewOneAfterTheAgentRestarts() throws Exception {
    Restarted r = restartWhileAway("default", (client, arn) -> { }, firstDataDir -> tempDir("gantry-wiped-"));

    assertThat(r.agent().awaitExit(EXIT)).as("exit status of the agent; output:\n" + r.agent().output())
        .hasValue(1);
    assertThat(r.agent().output()).contains("The agent stopped:").contains("start the agent again");

    AgentProcess restarted = agent(r.env(), r.server().endpoint().toString());
    String newArn = restarted.containerInstanceArn();
    assertThat(newArn).isNotEqualTo(r.arn());
    assertThat(r.agent().output()).contains(newArn);
    ValidatingEcsClient client = client(r.server());
    ContainerInstance listed = client.ecs().describeContainerInstances(d -> d.cluster("default")
        .containerInstances(newArn)).containerInstances().getFirst();
    assertThat(listed.status()).isEqualTo("ACTIVE");
    assertThat(restarted.isAlive()).isTrue();
  }

  /** A refusal at start: the agent never runs, and says so with the status that says do not restart. */
  @Test
  void aHostRefusedAtStartExitsWithTheDoNotRestartStatusAndSaysWhy() throws Exception {
    GantryServer server = server(tempDir("gantry-refused-server-"), 0);
    Map<String, String> unknownCluster = agentEnvironment("nowhere-" + UUID.randomUUID().toString().substring(0, 8));
    unknownCluster.put("GANTRY_SERVER", server.endpoint().toString());
    Map<String, String> unknownKeys = agentEnvironment("default");
    unknownKeys.put("GANTRY_SERVER", server.endpoint().toString());
    unknownKeys.put("GANTRY_SECRET_ACCESS_KEY", "not-the-" + secretAccessKey);

    FinishedProcess cluster = AgentProcess.runToExit(unknownCluster, EXIT);
    FinishedProcess keys = AgentProcess.runToExit(unknownKeys, EXIT);

    assertThat(cluster.exitStatus()).as("unknown cluster; output:\n" + cluster.output()).isEqualTo(5);
    assertThat(cluster.output()).contains("The agent could not start:").contains(unknownCluster.get("ECS_CLUSTER"));
    assertThat(keys.exitStatus()).as("keys the server does not accept; output:\n" + keys.output()).isEqualTo(5);
    assertThat(keys.output()).contains("The agent could not start:");
  }

  /**
   * The poll path: a running agent whose instance is deregistered exits with status 5. Before
   * it exits it keeps the lease of its last answered poll and stops the singleton's container:
   * the server may replace that task once the lease has passed, and no process would stop the
   * old copy after the agent.
   */
  @Test
  void aRunningAgentWhoseInstanceIsDeregisteredStopsItsFencedTaskThenExitsWithTheDoNotRestartStatus()
      throws Exception {
    String cluster = "refused-" + UUID.randomUUID().toString().substring(0, 8);
    GantryServer server = server(tempDir("gantry-refused-server-"), 0);
    EcsClient ecs = client(server).ecs();
    ecs.createCluster(r -> r.clusterName(cluster));
    Map<String, String> env = agentEnvironment(cluster);
    AgentProcess agent = agent(env, server.endpoint().toString());
    String definition = ecs.registerTaskDefinition(r -> r.family("singleton").containerDefinitions(
        ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest").memory(32).stopTimeout(2)
            .command("sleep", "600").build())).taskDefinition().taskDefinitionArn();
    ecs.createService(r -> r.cluster(cluster).serviceName("singleton").taskDefinition(definition).desiredCount(1)
        .deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(0)));
    String containerId = awaitRunningContainer(ecs, cluster);

    ecs.deregisterContainerInstance(r -> r.cluster(cluster).containerInstance(agent.containerInstanceArn())
        .force(true));

    assertThat(agent.awaitExit(EXIT)).as("exit status of the agent; output:\n" + agent.output()).hasValue(5);
    assertThat(agent.output()).contains("The agent stopped:").contains("deregistered");
    assertThat(DockerCli.inspect(containerId).path("State").path("Running").asBoolean())
        .as("the singleton's container, stopped before the agent exited; agent output:\n" + agent.output()).isFalse();
  }

  /** Waits until the cluster's one task is RUNNING; its container's Docker id. */
  private static String awaitRunningContainer(EcsClient ecs, String cluster) throws InterruptedException {
    long deadline = System.nanoTime() + EXIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> arns = ecs.listTasks(r -> r.cluster(cluster)).taskArns();
      if (!arns.isEmpty()) {
        Task task = ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks().getFirst();
        if ("RUNNING".equals(task.lastStatus()) && task.containers().getFirst().runtimeId() != null) {
          return task.containers().getFirst().runtimeId();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no RUNNING task in " + cluster + " within " + EXIT);
  }
}
