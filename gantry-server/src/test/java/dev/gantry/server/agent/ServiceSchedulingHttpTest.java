package dev.gantry.server.agent;

import static dev.gantry.server.agent.AgentChannelHttpTest.ROOT;
import static dev.gantry.server.agent.AgentChannelHttpTest.ROOT_KEY;
import static dev.gantry.server.agent.AgentChannelHttpTest.ROOT_SECRET;
import static dev.gantry.server.agent.AgentChannelHttpTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.reconcile.SchedulerSettings;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.auth.SigV4Signer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The service scheduler inside the real server: a user creates a service through the AWS SDK,
 * the controller starts its tasks on its own, the instance's agent (its own key, raw signed
 * requests, as the Gantry agent sends them) finds them in its poll answer, fenced for an
 * at-most-desired service, and reports them RUNNING; DescribeServices then counts them.
 */
class ServiceSchedulingHttpTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  GantryServer server;
  SignedJsonClient client;
  EcsClient ecs;

  @AfterEach
  void stop() {
    if (server != null) {
      ecs.close();
      client.close();
      server.close();
    }
  }

  void start() {
    ServerConfig config = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, null, null, ROOT_KEY,
        ROOT_SECRET, Duration.ofSeconds(10), SchedulerSettings.DEFAULTS.withSettleTime(Duration.ZERO));
    server = GantryServer.start(config);
    client = new SignedJsonClient(server.endpoint());
    ecs = EcsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET)))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Waits (polling) until {@code condition} gives a non-empty result; fails after {@link #WAIT}. */
  static <T> T eventually(String what, Supplier<T> condition) {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      T value = condition.get();
      if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
        return value;
      }
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void createServiceStartsTasksTheAgentRunsAndDescribeServicesCountsThemRunning() {
    start();
    ecs.createCluster(r -> r.clusterName("prod"));
    JsonNode key = ok(client.post(ROOT, "/v1/agent-keys", "{\"cluster\":\"prod\"}"));
    SigV4Signer agent = new SigV4Signer(key.get("accessKeyId").asText(), key.get("secretAccessKey").asText(),
        "us-east-1");
    String instanceArn = ok(client.ecs(agent, "RegisterContainerInstance",
        AgentChannelHttpTest.registration("prod", ""))).get("containerInstance").get("containerInstanceArn").asText();
    ecs.registerTaskDefinition(r -> r.family("web").containerDefinitions(c -> c.name("web")
        .image("gantry-demo/web:1").memory(128).essential(true)));

    Service created = ecs.createService(r -> r.cluster("prod").serviceName("web").taskDefinition("web")
        .desiredCount(2).deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(0))).service();
    String deploymentId = created.deployments().getFirst().id();

    List<String> taskArns = eventually("two tasks of the service", () -> {
      List<String> arns = ecs.listTasks(r -> r.cluster("prod").serviceName("web")).taskArns();
      return arns.size() == 2 ? arns : null;
    });
    List<Task> tasks = ecs.describeTasks(r -> r.cluster("prod").tasks(taskArns)).tasks();
    assertThat(tasks).allSatisfy(t -> {
      assertThat(t.startedBy()).isEqualTo(deploymentId);
      assertThat(t.group()).isEqualTo("service:web");
      assertThat(t.containerInstanceArn()).isEqualTo(instanceArn);
    });

    // a service that may run extra copies during a deployment is not fenced
    ecs.createService(r -> r.cluster("prod").serviceName("api").taskDefinition("web").desiredCount(1));
    eventually("the task of the other service", () -> ecs.listTasks(r -> r.cluster("prod").serviceName("api"))
        .taskArns());
    // nor is a DAEMON service, though its default maximumPercent is 100: its task is never replaced elsewhere
    ecs.createService(r -> r.cluster("prod").serviceName("node").taskDefinition("web")
        .schedulingStrategy(SchedulingStrategy.DAEMON));
    eventually("the daemon's task", () -> {
      List<String> arns = ecs.listTasks(r -> r.cluster("prod").serviceName("node")).taskArns();
      return arns.isEmpty() ? null : arns;
    });
    JsonNode answer = ok(client.post(agent, "/v1/agent/poll", AgentChannelHttpTest.pollBody("prod", instanceArn, 0)));
    List<String> fenced = new ArrayList<>();
    answer.get("tasks").forEach(t -> {
      if (t.path("fenced").asBoolean(false)) {
        fenced.add(t.get("task").get("taskArn").asText());
      }
    });
    assertThat(answer.get("tasks")).hasSize(4);
    assertThat(fenced).containsExactlyInAnyOrderElementsOf(taskArns);

    for (String arn : taskArns) {
      ok(client.ecs(agent, "SubmitTaskStateChange", "{\"cluster\":\"prod\",\"task\":\"" + arn
          + "\",\"status\":\"RUNNING\"}"));
    }

    Service steady = eventually("a steady service", () -> {
      Service s = ecs.describeServices(r -> r.cluster("prod").services("web")).services().getFirst();
      return s.runningCount() == 2 && s.events().stream().anyMatch(e -> e.message().contains("steady state"))
          ? s : null;
    });
    assertThat(steady.pendingCount()).isZero();
    assertThat(steady.deployments().getFirst().rolloutStateAsString()).isEqualTo("COMPLETED");
  }
}
