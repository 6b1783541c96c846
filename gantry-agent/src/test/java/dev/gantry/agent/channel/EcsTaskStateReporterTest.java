package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.agent.engine.TaskStateReporter.ContainerReport;
import dev.gantry.agent.engine.TaskStateReporter.TaskReport;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.TaskStopCode;
import dev.gantry.model.TransportProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** What the real SDK puts on the wire for the engine's reports, as an HTTP endpoint receives it. */
class EcsTaskStateReporterTest {
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/default/0123";
  private final BlockingQueue<String[]> calls = new LinkedBlockingQueue<>();
  private HttpServer server;
  private EcsClient ecs;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", e -> {
      calls.add(new String[] {e.getRequestHeaders().getFirst("X-Amz-Target"),
          new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
      byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      e.sendResponseHeaders(200, answer.length);
      e.getResponseBody().write(answer);
      e.close();
    });
    server.start();
    ecs = EcsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build();
  }

  @AfterEach
  void stop() {
    ecs.close();
    server.stop(0);
  }

  private static final ContainerReport WEB = new ContainerReport("default", TASK, "web", "STOPPED",
      Optional.of("c0ffee"), OptionalInt.of(3), Optional.of("x".repeat(300)),
      List.of(NetworkBinding.builder().bindIP("0.0.0.0").containerPort(8080).hostPort(41001)
          .protocol(TransportProtocol.TCP).build()), Optional.of(HealthStatus.HEALTHY));

  private JsonNode next(String operation) throws Exception {
    String[] call = calls.poll(10, TimeUnit.SECONDS);
    assertThat(call[0]).isEqualTo("AmazonEC2ContainerServiceV20141113." + operation);
    return AgentJson.mapper().readTree(call[1]);
  }

  @Test
  void aContainerReportBecomesSubmitContainerStateChange() throws Exception {
    new EcsTaskStateReporter(ecs).containerChanged(WEB);
    JsonNode body = next("SubmitContainerStateChange");
    assertThat(body.path("task").asText()).isEqualTo(TASK);
    assertThat(body.path("containerName").asText()).isEqualTo("web");
    assertThat(body.path("runtimeId").asText()).isEqualTo("c0ffee");
    assertThat(body.path("exitCode").asInt()).isEqualTo(3);
    assertThat(body.path("reason").asText()).hasSize(255).endsWith("...");
    assertThat(body.path("networkBindings").get(0).path("hostPort").asInt()).isEqualTo(41001);
    assertThat(body.path("networkBindings").get(0).path("protocol").asText()).isEqualTo("tcp");
  }

  @Test
  void aTaskReportBecomesSubmitTaskStateChangeWithItsContainersAndTimes() throws Exception {
    Instant t = Instant.ofEpochMilli(1767225600123L);
    new EcsTaskStateReporter(ecs).taskChanged(new TaskReport("default", TASK, "STOPPED",
        Optional.of(TaskStopCode.ESSENTIALCONTAINEREXITED), Optional.of("Essential container in task exited"),
        Optional.of(t), Optional.of(t.plusSeconds(1)), Optional.of(t.plusSeconds(9)), HealthStatus.UNKNOWN,
        List.of(WEB)));
    JsonNode body = next("SubmitTaskStateChange");
    assertThat(body.path("status").asText()).isEqualTo("STOPPED");
    assertThat(body.path("reason").asText()).isEqualTo("Essential container in task exited");
    assertThat(body.path("pullStartedAt").decimalValue()).isEqualByComparingTo("1767225600.123");
    assertThat(body.path("executionStoppedAt").decimalValue()).isEqualByComparingTo("1767225609.123");
    assertThat(body.path("containers").get(0).path("exitCode").asInt()).isEqualTo(3);
    assertThat(body.path("containers").get(0).path("status").asText()).isEqualTo("STOPPED");
  }
}
