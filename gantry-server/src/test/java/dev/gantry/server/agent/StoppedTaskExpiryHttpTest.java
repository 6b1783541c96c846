package dev.gantry.server.agent;

import static dev.gantry.server.agent.AgentChannelHttpTest.ROOT;
import static dev.gantry.server.agent.AgentChannelHttpTest.ROOT_KEY;
import static dev.gantry.server.agent.AgentChannelHttpTest.ROOT_SECRET;
import static dev.gantry.server.agent.AgentChannelHttpTest.ok;
import static dev.gantry.server.agent.ServiceSchedulingHttpTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.testkit.ValidatingEcsClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * Stopped tasks expire in the real server: a task the agent reports STOPPED is listed and
 * described until the retention (here 5 s instead of ECS's hour) has passed, then DescribeTasks
 * answers it as a MISSING failure and ListTasks --desired-status STOPPED no longer lists it.
 */
class StoppedTaskExpiryHttpTest {
  static final Duration RETENTION = Duration.ofSeconds(5);

  @TempDir Path dataDir;
  GantryServer server;
  SignedJsonClient client;
  ValidatingEcsClient validating;
  EcsClient ecs;

  @AfterEach
  void stop() {
    if (server != null) {
      validating.close();
      client.close();
      server.close();
    }
  }

  @Test
  void aStoppedTaskIsDescribedAndListedUntilTheRetentionThenMissing() {
    ServerConfig config = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, null, null, ROOT_KEY,
        ROOT_SECRET).withStoppedTaskRetention(RETENTION);
    server = GantryServer.start(config);
    client = new SignedJsonClient(server.endpoint());
    validating = ValidatingEcsClient.create(server.endpoint(), ROOT_KEY, ROOT_SECRET);
    ecs = validating.ecs();
    ecs.createCluster(r -> r.clusterName("prod"));
    JsonNode key = ok(client.post(ROOT, "/v1/agent-keys", "{\"cluster\":\"prod\"}"));
    SigV4Signer agent = new SigV4Signer(key.get("accessKeyId").asText(), key.get("secretAccessKey").asText(),
        "us-east-1");
    ok(client.ecs(agent, "RegisterContainerInstance", AgentChannelHttpTest.registration("prod", "")));
    ecs.registerTaskDefinition(r -> r.family("job").containerDefinitions(c -> c.name("job")
        .image("gantry-test/busybox:latest").memory(64).essential(true)));
    String stoppedArn = ecs.runTask(r -> r.cluster("prod").taskDefinition("job")).tasks().getFirst().taskArn();
    String runningArn = ecs.runTask(r -> r.cluster("prod").taskDefinition("job")).tasks().getFirst().taskArn();
    ok(client.ecs(agent, "SubmitTaskStateChange", "{\"cluster\":\"prod\",\"task\":\"" + stoppedArn
        + "\",\"status\":\"STOPPED\",\"reason\":\"Essential container in task exited\"}"));
    ok(client.ecs(agent, "SubmitTaskStateChange", "{\"cluster\":\"prod\",\"task\":\"" + runningArn
        + "\",\"status\":\"RUNNING\"}"));

    DescribeTasksResponse fresh = ecs.describeTasks(r -> r.cluster("prod").tasks(stoppedArn));
    assertThat(fresh.tasks()).singleElement().satisfies(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED"));
    assertThat(ecs.listTasks(r -> r.cluster("prod").desiredStatus(DesiredStatus.STOPPED)).taskArns())
        .containsExactly(stoppedArn);

    DescribeTasksResponse expired = eventually("the stopped task to expire", () -> {
      DescribeTasksResponse d = ecs.describeTasks(r -> r.cluster("prod").tasks(stoppedArn, runningArn));
      return d.failures().isEmpty() ? null : d;
    });
    assertThat(expired.failures()).singleElement().satisfies(f -> {
      assertThat(f.arn()).isEqualTo(stoppedArn);
      assertThat(f.reason()).isEqualTo("MISSING");
    });
    assertThat(expired.tasks()).singleElement().satisfies(t -> assertThat(t.taskArn()).isEqualTo(runningArn));
    assertThat(ecs.listTasks(r -> r.cluster("prod").desiredStatus(DesiredStatus.STOPPED)).taskArns()).isEmpty();
    assertThat(ecs.listTasks(r -> r.cluster("prod")).taskArns()).containsExactly(runningArn);
    validating.assertNoProblems();
  }
}
