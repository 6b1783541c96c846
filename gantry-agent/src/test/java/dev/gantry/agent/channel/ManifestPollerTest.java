package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.agent.engine.DesiredTask;
import dev.gantry.server.api.Principal;
import dev.gantry.server.auth.Credential;
import dev.gantry.server.auth.RequestHeaders;
import dev.gantry.server.auth.SigV4Verifier;
import dev.gantry.server.auth.SignedRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop against a real HTTP server standing in for the server's agent channel: every
 * poll must pass the server's own SigV4 verifier; answers, refusals and lost answers come in the
 * order a test scripts them.
 */
class ManifestPollerTest {
  private static final String KEY = "AKIDAGENTTEST";
  private static final String SECRET = "agent-test-secret";
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/abc";
  private static final String TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/default/0123";
  private static final String ANSWER = """
      {"manifestRevision": %d, "changed": true, "heartbeatIntervalSeconds": 5, "livenessTtlSeconds": 10,
       "tasks": [{"task": {"taskArn": "%s", "desiredStatus": "RUNNING", "lastStatus": "PENDING",
                           "createdAt": 1767225600.123, "launchType": "EC2", "somethingNew": 1},
                  "taskDefinition": {"family": "web", "revision": 1, "networkMode": "bridge",
                                     "containerDefinitions": [{"name": "web", "image": "gantry-demo/web:1"}]}}]}
      """;

  private final SigV4Verifier verifier = new SigV4Verifier(id -> id.equals(KEY)
      ? Optional.of(new Credential(KEY, SECRET, new Principal.Root(KEY))) : Optional.empty());
  private final BlockingQueue<JsonNode> polls = new LinkedBlockingQueue<>();
  private final BlockingQueue<List<DesiredTask>> applied = new LinkedBlockingQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;
  private ManifestPoller poller;
  private volatile Script script = (n, e) -> answer(e, 200, ANSWER.formatted(7, TASK_ARN));

  interface Script {
    void respond(int call, HttpExchange exchange) throws IOException;
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(AgentChannelClient.POLL_PATH, this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    server.stop(0);
  }

  private void handle(HttpExchange e) throws IOException {
    byte[] body = e.getRequestBody().readAllBytes();
    var request = new SignedRequest(e.getRequestMethod(), e.getRequestURI().getRawPath(), "",
        RequestHeaders.of(e.getRequestHeaders()), body);
    try {
      assertThat(verifier.verify(request, Instant.now())).isEqualTo(new Principal.Root(KEY));
    } catch (RuntimeException | AssertionError failure) {
      answer(e, 403, "{\"message\":\"" + failure.getMessage().replace('"', '\'') + "\"}");
      return;
    }
    polls.add(AgentJson.mapper().readTree(body));
    script.respond(calls.incrementAndGet(), e);
  }

  private static void answer(HttpExchange e, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().add("Content-Type", "application/json");
    String type = AgentJson.mapper().readTree(bytes).path("__type").asText("");
    if (!type.isEmpty()) {
      e.getResponseHeaders().add("X-Amzn-ErrorType", type); // as the server's EcsApiHandler sends it
    }
    e.sendResponseHeaders(status, bytes.length);
    e.getResponseBody().write(bytes);
    e.close();
  }

  private void startPoller() {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    poller = new ManifestPoller(new AgentChannelClient(uri, KEY, SECRET, "us-east-1"), "default", ARN, applied::add,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), new SplittableRandom(1)).start();
  }

  @Test
  void signedPollsHandTheWholeSetToTheEngineAndCarryTheAppliedRevision() throws Exception {
    startPoller();

    List<DesiredTask> tasks = applied.poll(10, TimeUnit.SECONDS);
    assertThat(tasks).singleElement().satisfies(d -> {
      assertThat(d.taskArn()).isEqualTo(TASK_ARN);
      assertThat(d.task().createdAt()).isEqualTo(Instant.ofEpochMilli(1767225600123L));
      assertThat(d.taskDefinition().containerDefinitions().get(0).image()).isEqualTo("gantry-demo/web:1");
      assertThat(d.taskDefinition().networkMode()).hasToString("bridge");
    });
    JsonNode first = polls.poll(10, TimeUnit.SECONDS);
    assertThat(first.path("cluster").asText()).isEqualTo("default");
    assertThat(first.path("containerInstanceArn").asText()).isEqualTo(ARN);
    assertThat(first.path("appliedRevision").asLong()).isZero();
    assertThat(polls.poll(10, TimeUnit.SECONDS).path("appliedRevision").asLong()).isEqualTo(7);
  }

  @Test
  void failedAndLostAnswersCostOnlyARetry() throws Exception {
    script = (n, e) -> {
      switch (n) {
        case 1 -> answer(e, 500, "{\"message\":\"restarting\"}");
        case 2 -> e.close(); // the answer is lost on the way
        default -> answer(e, 200, ANSWER.formatted(9, TASK_ARN));
      }
    };
    startPoller();

    assertThat(applied.poll(10, TimeUnit.SECONDS)).hasSize(1);
    assertThat(calls.get()).isGreaterThanOrEqualTo(3);
    // The revision counts as applied only once the engine has the set, just after the hand-over.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (poller.appliedRevision() != 9 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(poller.appliedRevision()).isEqualTo(9);
  }

  @Test
  void aServerThatIsDownAtFirstIsFoundOnceItListens() throws Exception {
    int port = server.getAddress().getPort();
    server.stop(0);
    startPollerAt(port);
    Thread.ofVirtual().start(() -> {
      try {
        polls.poll(200, TimeUnit.MILLISECONDS); // let a few polls fail against the closed port
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(AgentChannelClient.POLL_PATH, this::handle);
        server.start();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(applied.poll(10, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void aDeregisteredInstanceEndsThePollLoopAndSaysWhy() throws Exception {
    script = (n, e) -> answer(e, 400, "{\"__type\":\"ClientException\",\"message\":\"The container instance "
        + ARN + " was deregistered\"}");
    startPoller();

    ChannelRefusal refusal = poller.refused().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(refusal.errorType()).hasValue("ClientException");
    assertThat(refusal.terminal()).isTrue();
    assertThat(refusal.getMessage()).contains("was deregistered");
    assertThat(calls.get()).as("no poll after the refusal").isEqualTo(1);
    assertThat(applied).isEmpty();
  }

  @Test
  void aServerStoppingOrAThrottleIsOnlyARetry() throws Exception {
    script = (n, e) -> {
      switch (n) {
        case 1 -> answer(e, 500, "{\"__type\":\"ServerException\",\"message\":\"The server is stopping\"}");
        case 2 -> answer(e, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        default -> answer(e, 200, ANSWER.formatted(3, TASK_ARN));
      }
    };
    startPoller();

    assertThat(applied.poll(10, TimeUnit.SECONDS)).hasSize(1);
    assertThat(poller.refused().toCompletableFuture()).isNotDone();
  }

  private void startPollerAt(int port) {
    URI uri = URI.create("http://127.0.0.1:" + port);
    poller = new ManifestPoller(new AgentChannelClient(uri, KEY, SECRET, "us-east-1"), "default", ARN, applied::add,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), new SplittableRandom(1)).start();
  }
}
