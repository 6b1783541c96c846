package dev.gantry.server.http;

import static dev.gantry.server.http.TestApi.CLUSTER_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.Principal;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcsHttpServerTest {
  static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
  static final String PREFIX = "AmazonEC2ContainerServiceV20141113.";

  TestApi api;
  HttpClient client;

  @BeforeAll
  void start() throws Exception {
    api = new TestApi(Clock.fixed(NOW, ZoneOffset.UTC));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  void stop() {
    api.close();
    client.close();
  }

  @Test
  void servesWithNagleOffSoThatAResponseBodyIsNotHeldBackUntilTheClientAcknowledgesItsHeaders() {
    // the JDK server reads this once, when its first server starts: the server set it before that
    assertThat(System.getProperty(EcsHttpServer.NODELAY)).isEqualTo("true");
  }

  HttpResponse<String> call(SigV4Signer signer, String target, byte[] body, Map<String, String> extra)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    if (target != null) {
      headers.put("X-Amz-Target", target);
    }
    headers.putAll(extra);
    URI uri = api.endpoint().resolve("/");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signer.sign("POST", uri, headers, body, NOW).forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> call(String operation, String json) throws Exception {
    return call(TestApi.rootSigner(), PREFIX + operation, json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JsonCodec.mapper().readTree(response.body());
  }

  static void assertError(HttpResponse<String> response, int status, String type) throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue(type);
    assertThat(json(response).get("__type").asText()).isEqualTo(type);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void answersAnOperationWithItsResponseRecordAsJson11() throws Exception {
    HttpResponse<String> response = call("ListClusters", "{}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(json(response).get("clusterArns").get(0).asText()).isEqualTo(CLUSTER_ARN);
    assertThat(json(response).has("nextToken")).as("absent members are omitted").isFalse();
  }

  @Test
  void passesTheRequestIdTheClockAndThePrincipalToTheOperation() throws Exception {
    HttpResponse<String> response = call("ListClusters", "{}");

    CallContext context = api.lastContext.get();
    String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertThat(UUID.fromString(requestId).version()).isEqualTo(4);
    assertThat(context.requestId()).isEqualTo(requestId);
    assertThat(context.now()).isEqualTo(NOW);
    assertThat(context.principal()).isEqualTo(new Principal.Root(TestApi.ROOT_KEY));
  }

  @Test
  void givesEveryResponseItsOwnRequestId() throws Exception {
    String first = call("ListClusters", "{}").headers().firstValue("x-amzn-RequestId").orElseThrow();
    String second = call("ListClusters", "{}").headers().firstValue("x-amzn-RequestId").orElseThrow();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void readsAnEmptyBodyAsTheEmptyRequest() throws Exception {
    HttpResponse<String> response = call("DescribeClusters", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.lastRequest.get()).isEqualTo(DescribeClustersRequest.builder().build());
  }

  @Test
  void decodesNestedRequestMembersAndWritesTimestampsAsEpochSeconds() throws Exception {
    HttpResponse<String> response = call("RegisterTaskDefinition", """
        {"family":"web","networkMode":"bridge","containerDefinitions":[{"name":"app","memory":256}]}""");

    assertThat(response.statusCode()).isEqualTo(200);
    RegisterTaskDefinitionRequest request = (RegisterTaskDefinitionRequest) api.lastRequest.get();
    assertThat(request.networkMode()).isEqualTo(NetworkMode.BRIDGE);
    assertThat(json(response).at("/taskDefinition/registeredAt").decimalValue())
        .isEqualByComparingTo(String.valueOf(NOW.getEpochSecond()));
  }

  @ParameterizedTest(name = "Content-Type {0}")
  @MethodSource("acceptedContentTypes")
  void acceptsJsonContentTypesWithParameters(String contentType) throws Exception {
    HttpResponse<String> response = call(TestApi.rootSigner(), PREFIX + "ListClusters", "{}".getBytes(),
        Map.of("Content-Type", contentType));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  static Stream<String> acceptedContentTypes() {
    return Stream.of("application/x-amz-json-1.1; charset=UTF-8", "application/json", "Application/JSON;charset=utf-8",
        "application/x-amz-json-1.0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientErrors")
  void answersClientMistakesWithTheEcsErrorShape(String label, String operation, String body, String type,
      String message) throws Exception {
    HttpResponse<String> response = operation == null
        ? call(TestApi.rootSigner(), null, body.getBytes(), Map.of())
        : call(operation, body);

    assertError(response, 400, type);
    assertThat(json(response).get("message").asText()).contains(message);
  }

  static Stream<Arguments> clientErrors() {
    return Stream.of(
        Arguments.of("no X-Amz-Target", null, "{}", "UnknownOperationException", "X-Amz-Target"),
        Arguments.of("an unknown operation", "LaunchRockets", "{}", "UnknownOperationException",
            "'" + PREFIX + "LaunchRockets' is not supported"),
        Arguments.of("a handler's EcsException", "DeleteCluster", "{\"cluster\":\"nope\"}",
            "ClusterNotFoundException", "Cluster not found: nope."),
        Arguments.of("malformed JSON", "ListClusters", "{\"maxResults\":", "SerializationException",
            "not valid JSON"),
        Arguments.of("a member of the wrong type", "RegisterTaskDefinition",
            "{\"containerDefinitions\":[{\"memory\":\"lots\"}]}", "SerializationException",
            "'containerDefinitions[0].memory' must be an integer, not a string"),
        Arguments.of("an unknown enum value", "RegisterTaskDefinition", "{\"networkMode\":\"nat\"}",
            "InvalidParameterException", "Invalid value 'nat' for member 'networkMode'. Valid values: bridge, host,"));
  }

  @Test
  void rejectsContentThatIsNotJson() throws Exception {
    HttpResponse<String> response = call(TestApi.rootSigner(), PREFIX + "ListClusters", "a=b".getBytes(),
        Map.of("Content-Type", "application/x-www-form-urlencoded"));

    assertError(response, 400, "SerializationException");
    assertThat(json(response).get("message").asText()).contains("application/x-www-form-urlencoded");
  }

  @Test
  void hidesUnexpectedFailuresBehindAGenericServerException() throws Exception {
    HttpResponse<String> response = call("CreateCluster", "{\"clusterName\":\"x\"}");

    assertError(response, 500, "ServerException");
    String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertThat(json(response).get("message").asText()).contains(requestId).doesNotContain("hunter2");
  }

  @Test
  void requiresASignature() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.endpoint().resolve("/"))
        .header("X-Amz-Target", PREFIX + "ListClusters").POST(HttpRequest.BodyPublishers.ofString("{}")).build();

    assertError(client.send(request, HttpResponse.BodyHandlers.ofString()), 400,
        "MissingAuthenticationTokenException");
  }

  @Test
  void rejectsASignatureMadeWithTheWrongSecret() throws Exception {
    SigV4Signer wrong = new SigV4Signer(TestApi.ROOT_KEY, "guess", "us-east-1");

    assertError(call(wrong, PREFIX + "ListClusters", "{}".getBytes(), Map.of()), 400, "InvalidSignatureException");
  }

  @Test
  void refusesAgentCredentialsOnUserOperationsNamingTheOperation() throws Exception {
    HttpResponse<String> response = call(TestApi.agentSigner(), PREFIX + "ListClusters", "{}".getBytes(), Map.of());

    assertError(response, 400, "AccessDeniedException");
    assertThat(json(response).get("message").asText()).contains("ecs:ListClusters", TestApi.AGENT_KEY);
  }

  @Test
  void letsAgentCredentialsCallAgentOperations() throws Exception {
    HttpResponse<String> response = call(TestApi.agentSigner(), PREFIX + "SubmitTaskStateChange",
        "{\"cluster\":\"default\",\"status\":\"RUNNING\"}".getBytes(), Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("acknowledgment").asText()).isEqualTo("ACK");
    assertThat(api.lastContext.get().principal()).isInstanceOf(Principal.Agent.class);
  }

  @Test
  void rejectsABodyOverTheTaskDefinitionLimitNamingSizeAndLimit() throws Exception {
    byte[] big = bigTaskDefinition(70_000);

    HttpResponse<String> response = call(TestApi.rootSigner(), PREFIX + "RegisterTaskDefinition", big, Map.of());

    assertError(response, 400, "ClientException");
    assertThat(json(response).get("message").asText())
        .isEqualTo("The request body is " + big.length + " bytes; the maximum allowed length is 65536 bytes.");
  }

  @Test
  void acceptsABodyOfExactlyTheLimit() throws Exception {
    HttpResponse<String> response = call(TestApi.rootSigner(), PREFIX + "RegisterTaskDefinition",
        bigTaskDefinition(65_536), Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsAnOversizedChunkedBodyWithoutBufferingIt() throws Exception {
    byte[] big = bigTaskDefinition(200_000);
    URI uri = api.endpoint().resolve("/");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    TestApi.rootSigner().sign("POST", uri, Map.of("X-Amz-Target", PREFIX + "RegisterTaskDefinition"), big, NOW)
        .forEach(request::header);

    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertError(response, 400, "ClientException");
    assertThat(json(response).get("message").asText()).contains(big.length + " bytes", "65536 bytes");
  }

  @Test
  void keepsTheConnectionForTheNextRequestAfterAnOversizedBody() throws Exception {
    try (Socket socket = new Socket(api.endpoint().getHost(), api.endpoint().getPort())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();

      out.write(rawRequest("RegisterTaskDefinition", bigTaskDefinition(100_000)));
      out.flush();
      String first = readResponse(in);
      out.write(rawRequest("ListClusters", "{}".getBytes()));
      out.flush();
      String second = readResponse(in);

      assertThat(first).startsWith("HTTP/1.1 400").contains("ClientException");
      assertThat(second).startsWith("HTTP/1.1 200").contains(CLUSTER_ARN);
    }
  }

  @Test
  void servesManyRequestsOverOneKeptAliveConnection() throws Exception {
    try (Socket socket = new Socket(api.endpoint().getHost(), api.endpoint().getPort())) {
      for (int i = 0; i < 5; i++) {
        socket.getOutputStream().write(rawRequest("ListClusters", "{}".getBytes()));
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").contains(CLUSTER_ARN);
      }
    }
  }

  @Test
  void answersTheHealthCheck() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.endpoint().resolve("/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("otherRoutes")
  void answersOtherPathsAndMethodsWithoutServingThem(String method, String path, int status) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(api.endpoint().resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();

    assertError(client.send(request, HttpResponse.BodyHandlers.ofString()), status, "UnknownOperationException");
  }

  static Stream<Arguments> otherRoutes() {
    return Stream.of(Arguments.of("GET", "/", 405), Arguments.of("POST", "/healthz", 405),
        Arguments.of("GET", "/v2/metadata", 404), Arguments.of("POST", "/clusters", 404));
  }

  @Test
  void finishesRequestsInFlightWhenClosedThenRefusesConnections() throws Exception {
    TestApi own = new TestApi(Clock.fixed(NOW, ZoneOffset.UTC));
    URI uri = own.endpoint().resolve("/");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}"));
    TestApi.rootSigner().sign("POST", uri, Map.of("X-Amz-Target", PREFIX + "ListServices"), "{}".getBytes(), NOW)
        .forEach(request::header);
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    own.slowEntered.await();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(own.server::close);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (accepts(uri) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    boolean acceptedWhileClosing = accepts(uri);
    own.slowRelease.countDown();
    closing.join();

    assertThat(acceptedWhileClosing).as("still accepting connections while closing").isFalse();
    assertThat(inFlight.join().statusCode()).isEqualTo(200);
    assertThat(accepts(uri)).isFalse();
  }

  private static boolean accepts(URI uri) {
    try {
      new Socket(uri.getHost(), uri.getPort()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void releasesItsPortWhenClosedBeforeServing() throws Exception {
    EcsHttpServer bound = EcsHttpServer.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
    java.net.InetSocketAddress address = bound.address();

    bound.close(java.time.Duration.ZERO);

    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(address);
      assertThat(again.getLocalPort()).isEqualTo(address.getPort());
    }
  }

  @Test
  void acceptsAChunkedBodyWithinTheLimit() throws Exception {
    byte[] body = bigTaskDefinition(40_000);
    URI uri = api.endpoint().resolve("/");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    TestApi.rootSigner().sign("POST", uri, Map.of("X-Amz-Target", PREFIX + "RegisterTaskDefinition"), body, NOW)
        .forEach(request::header);

    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(((RegisterTaskDefinitionRequest) api.lastRequest.get()).containerDefinitions().get(0).command().get(0))
        .hasSize(40_000 - BIG_HEAD.length() - BIG_TAIL.length());
  }

  @Test
  void answersAndClosesTheConnectionWhenABodyIsTooLargeToDrain() throws Exception {
    long declared = 64L * 1024 * 1024;
    try (Socket socket = new Socket(api.endpoint().getHost(), api.endpoint().getPort())) {
      String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + declared + "\r\n\r\n";
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = new byte[64 * 1024];
          for (long sent = 0; sent < declared; sent += chunk.length) {
            out.write(chunk);
          }
        } catch (IOException expected) {
          // the server stops reading and closes; the rest of the upload is refused
        }
      });

      String response = readResponse(socket.getInputStream());
      writer.join();

      assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("Connection: close")
          .contains("The request body is " + declared + " bytes");
      assertThat(socket.getInputStream().read()).as("connection closed").isEqualTo(-1);
    }
  }

  /** A RegisterTaskDefinition body of exactly {@code size} bytes. */
  static byte[] bigTaskDefinition(int size) {
    return (BIG_HEAD + "x".repeat(size - BIG_HEAD.length() - BIG_TAIL.length()) + BIG_TAIL)
        .getBytes(StandardCharsets.UTF_8);
  }

  static final String BIG_HEAD = "{\"family\":\"big\",\"containerDefinitions\":[{\"name\":\"app\",\"command\":[\"";
  static final String BIG_TAIL = "\"]}]}";

  byte[] rawRequest(String operation, byte[] body) {
    URI uri = api.endpoint().resolve("/");
    Map<String, String> signed = TestApi.rootSigner().sign("POST", uri, Map.of("X-Amz-Target", PREFIX + operation),
        body, NOW);
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n");
    signed.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Reads one HTTP/1.1 response with a Content-Length body: status line, headers, body. */
  static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
