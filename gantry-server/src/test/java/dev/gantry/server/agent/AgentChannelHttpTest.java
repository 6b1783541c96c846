package dev.gantry.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Task;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.agent.SignedJsonClient.Answer;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.SqliteStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent channel through HTTP: a real server on a SQLite store, raw SigV4-signed requests. */
class AgentChannelHttpTest {
  static final String ROOT_KEY = "AKIAGANTRYROOT000001";
  static final String ROOT_SECRET = "root-secret-for-agent-channel-tests";
  static final SigV4Signer ROOT = new SigV4Signer(ROOT_KEY, ROOT_SECRET, "us-east-1");

  @TempDir Path dataDir;
  StateStore store;
  GantryServer server;
  SignedJsonClient client;

  void start(Duration livenessTtl) {
    store = SqliteStateStore.open(dataDir.resolve("gantry.db"), Clock.systemUTC());
    ServerConfig config = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dataDir, null, null, ROOT_KEY,
        ROOT_SECRET, livenessTtl);
    server = GantryServer.start(config, store);
    client = new SignedJsonClient(server.endpoint());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      client.close();
    }
  }

  /** An agent key pair and the instance it stands for. */
  record Agent(SigV4Signer signer, String accessKeyId, String instanceId, String instanceArn) {}

  Answer mint(SigV4Signer signer, String json) {
    return client.post(signer, "/v1/agent-keys", json);
  }

  Agent mintAndRegister(String cluster) {
    JsonNode key = ok(mint(ROOT, "{\"cluster\":\"" + cluster + "\"}"));
    SigV4Signer signer = new SigV4Signer(key.get("accessKeyId").asText(), key.get("secretAccessKey").asText(),
        "eu-west-1");
    JsonNode registered = ok(client.ecs(signer, "RegisterContainerInstance", registration(cluster, "")));
    return new Agent(signer, key.get("accessKeyId").asText(), key.get("containerInstanceId").asText(),
        registered.get("containerInstance").get("containerInstanceArn").asText());
  }

  static String registration(String cluster, String containerInstanceArn) {
    return "{\"cluster\":\"" + cluster + "\"," + (containerInstanceArn.isEmpty() ? ""
        : "\"containerInstanceArn\":\"" + containerInstanceArn + "\",")
        + "\"totalResources\":[{\"name\":\"CPU\",\"type\":\"INTEGER\",\"integerValue\":2048},"
        + "{\"name\":\"MEMORY\",\"type\":\"INTEGER\",\"integerValue\":4096}]}";
  }

  void createCluster(String name) {
    ok(client.ecs(ROOT, "CreateCluster", "{\"clusterName\":\"" + name + "\"}"));
  }

  String registerTaskDefinition() {
    return ok(client.ecs(ROOT, "RegisterTaskDefinition", "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":"
        + "\"web\",\"image\":\"gantry-demo/web:1\",\"memory\":128,\"essential\":true}]}"))
        .get("taskDefinition").get("taskDefinitionArn").asText();
  }

  /** Writes a task record as RunTask would; the store revision of the write. */
  long putTask(String cluster, String id, String instanceArn, String taskDefinitionArn, String desired, String last) {
    Task task = Task.builder()
        .taskArn("arn:aws:ecs:us-east-1:000000000000:task/" + cluster + "/" + id)
        .clusterArn("arn:aws:ecs:us-east-1:000000000000:cluster/" + cluster)
        .containerInstanceArn(instanceArn).taskDefinitionArn(taskDefinitionArn)
        .desiredStatus(desired).lastStatus(last).build();
    return store.txn(new Txn(List.of(), List.of(Op.put(Keys.task(cluster, id), JsonCodec.encode(task))))).revision();
  }

  Answer poll(Agent agent, String cluster, long applied) {
    return client.post(agent.signer(), "/v1/agent/poll", pollBody(cluster, agent.instanceArn(), applied));
  }

  static String pollBody(String cluster, String instanceArn, long applied) {
    return "{\"cluster\":\"" + cluster + "\",\"containerInstanceArn\":\"" + instanceArn + "\",\"appliedRevision\":"
        + applied + "}";
  }

  ContainerInstance stored(String cluster, String id) {
    return JsonCodec.decode(store.get(Keys.instance(cluster, id)).orElseThrow().value(), ContainerInstance.class);
  }

  static JsonNode ok(Answer answer) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.body();
  }

  static void assertError(Answer answer, String type, String... messageParts) {
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo(type);
    assertThat(answer.body().get("__type").asText()).isEqualTo(type);
    String message = answer.body().get("message").asText();
    assertThat(message).isNotBlank();
    for (String part : messageParts) {
      assertThat(message).contains(part);
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /**
   * Sends a poll that has nothing new to get, and returns once the server has it: the poll
   * marks its instance connected before it waits, so the instance is marked disconnected first.
   */
  CompletableFuture<Answer> heldPoll(Agent agent, String cluster, long revision) throws InterruptedException {
    ContainerInstance disconnected = stored(cluster, agent.instanceId()).toBuilder().agentConnected(false).build();
    store.txn(new Txn(List.of(), List.of(Op.put(Keys.instance(cluster, agent.instanceId()),
        JsonCodec.encode(disconnected)))));
    CompletableFuture<Answer> held = client.postAsync(agent.signer(), "/v1/agent/poll",
        pollBody(cluster, agent.instanceArn(), revision));
    await("the poll to arrive", () -> Boolean.TRUE.equals(stored(cluster, agent.instanceId()).agentConnected()));
    return held;
  }

  @Test
  void anAgentReportsContainerHealthForItsOwnTasksOnly() {
    start(Duration.ofSeconds(10));
    createCluster("health");
    registerTaskDefinition();
    Agent agent = mintAndRegister("health");
    Agent other = mintAndRegister("health");
    JsonNode run = ok(client.ecs(ROOT, "StartTask", "{\"cluster\":\"health\",\"taskDefinition\":\"web\","
        + "\"containerInstances\":[\"" + agent.instanceArn() + "\"]}"));
    String taskArn = run.get("tasks").get(0).get("taskArn").asText();
    String report = "{\"cluster\":\"health\",\"task\":\"" + taskArn
        + "\",\"containers\":[{\"containerName\":\"web\",\"healthStatus\":\"HEALTHY\"}]}";

    assertError(client.post(other.signer(), "/v1/agent/health", report), "AccessDeniedException");
    assertThat(ok(client.post(agent.signer(), "/v1/agent/health", report)).get("acknowledgment").asText())
        .isEqualTo("ACK");

    JsonNode task = ok(client.ecs(ROOT, "DescribeTasks", "{\"cluster\":\"health\",\"tasks\":[\"" + taskArn
        + "\"]}")).get("tasks").get(0);
    assertThat(task.get("healthStatus").asText()).isEqualTo("HEALTHY");
    assertThat(task.get("containers").get(0).get("healthStatus").asText()).isEqualTo("HEALTHY");
    assertError(client.post(agent.signer(), "/v1/agent/health", report.replace("\"web\"", "\"db\"")),
        "InvalidParameterException", "db");
  }

  @Test
  void mintsAgentKeysForRootOnly() {
    start(Duration.ofSeconds(10));
    createCluster("demo");
    Agent agent = mintAndRegister("demo");

    JsonNode minted = ok(mint(ROOT, "{\"cluster\":\"demo\",\"containerInstanceId\":\"host-7\"}"));

    assertThat(minted.get("accessKeyId").asText()).matches("AGNT[A-Z0-9]{16}");
    assertThat(minted.get("secretAccessKey").asText()).hasSize(40);
    assertThat(minted.get("cluster").asText()).isEqualTo("demo");
    assertThat(minted.get("containerInstanceId").asText()).isEqualTo("host-7");
    assertThat(agent.instanceId()).matches("[0-9a-f]{32}");
    assertError(mint(agent.signer(), "{\"cluster\":\"demo\"}"), "AccessDeniedException", "POST /v1/agent-keys");
    assertError(mint(new SigV4Signer("AKIANOBODY0000000000", "nobody-secret", "us-east-1"), "{\"cluster\":\"demo\"}"),
        "UnrecognizedClientException");
    assertError(mint(ROOT, "{\"cluster\":\"nope\"}"), "ClusterNotFoundException", "nope");
    assertError(mint(ROOT, "{}"), "InvalidParameterException", "cluster is required");
    assertError(mint(ROOT, "{\"cluster\":\"demo\",\"containerInstanceId\":\"a/b\"}"), "InvalidParameterException",
        "containerInstanceId 'a/b'");
  }

  @Test
  void anAgentKeyRegistersOnlyItsOwnInstanceAndCallsNoUserOperation() {
    start(Duration.ofSeconds(10));
    createCluster("demo");
    createCluster("other");
    Agent first = mintAndRegister("demo");
    Agent second = mintAndRegister("demo");

    assertThat(first.instanceArn()).endsWith("container-instance/demo/" + first.instanceId());
    assertError(client.ecs(second.signer(), "RegisterContainerInstance", registration("demo", first.instanceArn())),
        "AccessDeniedException", "may register only container instance '" + second.instanceId() + "'");
    assertError(client.ecs(second.signer(), "RegisterContainerInstance", registration("other", "")),
        "AccessDeniedException", "belong to cluster 'demo', not 'other'");
    assertError(client.ecs(second.signer(), "ListClusters", "{}"), "AccessDeniedException", "ecs:ListClusters");
    JsonNode again = ok(client.ecs(second.signer(), "RegisterContainerInstance",
        registration("demo", second.instanceArn())));
    assertThat(again.get("containerInstance").get("containerInstanceArn").asText()).isEqualTo(second.instanceArn());
  }

  @Test
  void answersAPollAtOnceWithTheWholeDesiredSetWhenTheAgentIsBehind() {
    start(Duration.ofSeconds(10));
    createCluster("demo");
    Agent agent = mintAndRegister("demo");
    Agent neighbour = mintAndRegister("demo");
    String web = registerTaskDefinition();
    putTask("demo", "t1", agent.instanceArn(), web, "RUNNING", "PENDING");
    putTask("demo", "t2", agent.instanceArn(), web, "STOPPED", "RUNNING");
    putTask("demo", "t3", agent.instanceArn(), web, "STOPPED", "STOPPED");
    putTask("demo", "t4", neighbour.instanceArn(), web, "RUNNING", "PENDING");

    JsonNode answer = ok(poll(agent, "demo", 0));

    assertThat(answer.get("changed").asBoolean()).isTrue();
    assertThat(answer.get("manifestRevision").asLong()).isPositive();
    assertThat(answer.get("heartbeatIntervalSeconds").asLong()).as("a third of the 10 s TTL, rounded up").isEqualTo(4);
    assertThat(answer.get("fenceLeaseMillis").asLong()).as("the TTL plus half the default 5 s fencing margin")
        .isEqualTo(12_500);
    assertThat(answer.get("tasks")).extracting(t -> t.get("task").get("taskArn").asText())
        .containsExactly("arn:aws:ecs:us-east-1:000000000000:task/demo/t1",
            "arn:aws:ecs:us-east-1:000000000000:task/demo/t2");
    JsonNode first = answer.get("tasks").get(0);
    assertThat(first.get("task").get("desiredStatus").asText()).isEqualTo("RUNNING");
    assertThat(first.get("taskDefinition").get("taskDefinitionArn").asText()).isEqualTo(web);
    assertThat(first.get("taskDefinition").get("containerDefinitions").get(0).get("image").asText())
        .isEqualTo("gantry-demo/web:1");
  }

  @Test
  void holdsAPollWithNothingNewAndAnswersUnchangedAfterAThirdOfTheTtl() {
    start(Duration.ofMillis(1500));
    createCluster("demo");
    Agent agent = mintAndRegister("demo");
    long revision = ok(poll(agent, "demo", 0)).get("manifestRevision").asLong();

    long started = System.nanoTime();
    JsonNode answer = ok(poll(agent, "demo", revision));
    long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(answer.get("changed").asBoolean()).isFalse();
    assertThat(answer.get("manifestRevision").asLong()).isEqualTo(revision);
    assertThat(answer.get("tasks")).isEmpty();
    assertThat(heldMillis).isBetween(490L, 5_000L);
  }

  @Test
  void wakesAHeldPollWhenATaskIsPlacedOnTheInstance() throws Exception {
    start(Duration.ofSeconds(30));
    createCluster("demo");
    Agent agent = mintAndRegister("demo");
    String web = registerTaskDefinition();
    long revision = ok(poll(agent, "demo", 0)).get("manifestRevision").asLong();

    CompletableFuture<Answer> held = heldPoll(agent, "demo", revision);
    long placedAt = putTask("demo", "t1", agent.instanceArn(), web, "RUNNING", "PENDING");

    JsonNode answer = ok(held.get(5, TimeUnit.SECONDS));
    assertThat(answer.get("changed").asBoolean()).isTrue();
    assertThat(answer.get("manifestRevision").asLong()).isEqualTo(placedAt);
    assertThat(answer.get("tasks")).hasSize(1);

    CompletableFuture<Answer> next = client.postAsync(agent.signer(), "/v1/agent/poll",
        pollBody("demo", agent.instanceArn(), placedAt));
    long stopAskedAt = putTask("demo", "t1", agent.instanceArn(), web, "STOPPED", "RUNNING");
    JsonNode stopping = ok(next.get(5, TimeUnit.SECONDS));
    assertThat(stopping.get("manifestRevision").asLong()).isEqualTo(stopAskedAt);
    assertThat(stopping.get("tasks").get(0).get("task").get("desiredStatus").asText()).isEqualTo("STOPPED");
  }

  @Test
  void anAgentKeyPollsOnlyForItsOwnInstance() {
    start(Duration.ofSeconds(10));
    createCluster("demo");
    createCluster("other");
    Agent agent = mintAndRegister("demo");
    Agent neighbour = mintAndRegister("demo");

    assertError(client.post(agent.signer(), "/v1/agent/poll", pollBody("demo", neighbour.instanceArn(), 0)),
        "AccessDeniedException", "may poll only for container instance '" + agent.instanceId() + "'");
    assertError(client.post(agent.signer(), "/v1/agent/poll", pollBody("other", agent.instanceId(), 0)),
        "AccessDeniedException", "not for cluster 'other'");
    assertThat(ok(client.post(ROOT, "/v1/agent/poll", pollBody("demo", neighbour.instanceArn(), 0)))
        .get("changed").asBoolean()).as("root may poll for any instance").isTrue();
    assertError(client.post(ROOT, "/v1/agent/poll", pollBody("demo", "0123456789abcdef", 0)),
        "InvalidParameterException", "is not registered in cluster 'demo'");
    assertError(client.post(ROOT, "/v1/agent/poll", pollBody("demo", agent.instanceArn(), -1)),
        "InvalidParameterException", "appliedRevision -1");
  }

  @Test
  void marksAnInstanceDisconnectedWhenItsAgentStopsPollingAndConnectedWhenItReturns() throws Exception {
    start(Duration.ofMillis(500));
    createCluster("demo");
    Agent agent = mintAndRegister("demo");
    ok(poll(agent, "demo", 0));
    assertThat(stored("demo", agent.instanceId()).agentConnected()).isTrue();

    await("agentConnected false", () -> Boolean.FALSE.equals(stored("demo", agent.instanceId()).agentConnected()));
    ok(poll(agent, "demo", 0));

    assertThat(stored("demo", agent.instanceId()).agentConnected()).isTrue();
  }

  @Test
  void answersHeldPollsWhenTheServerStops() throws Exception {
    start(Duration.ofSeconds(60));
    createCluster("demo");
    Agent agent = mintAndRegister("demo");
    long revision = ok(poll(agent, "demo", 0)).get("manifestRevision").asLong();
    CompletableFuture<Answer> held = heldPoll(agent, "demo", revision);

    long started = System.nanoTime();
    server.close();
    server = null;
    JsonNode answer = ok(held.get(5, TimeUnit.SECONDS));
    client.close();

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
    assertThat(answer.get("changed").asBoolean()).isFalse();
  }
}
