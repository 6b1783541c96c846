package dev.gantry.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.api.Principal;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Gantry's own signed routes ({@code POST /v1/...}) get the ECS API's protocol treatment. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedRouteTest {
  static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");

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

  HttpResponse<String> post(SigV4Signer signer, String path, byte[] body) throws Exception {
    URI uri = api.endpoint().resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signer.sign("POST", uri, Map.of("Content-Type", "application/json"), body, NOW).forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(SigV4Signer signer, String path, String json) throws Exception {
    return post(signer, path, json.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JsonCodec.mapper().readTree(response.body());
  }

  static void assertError(HttpResponse<String> response, int status, String type, String message) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue(type);
    assertThat(json(response).get("__type").asText()).isEqualTo(type);
    assertThat(json(response).get("message").asText()).contains(message);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void runsTheRouteWithTheVerifiedPrincipalAndARequestId() throws Exception {
    HttpResponse<String> response = post(TestApi.agentSigner(), "/v1/test/echo", "{\"text\":\"hi\",\"number\":7}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("text").asText()).isEqualTo("hi!");
    assertThat(json(response).get("number").asLong()).isEqualTo(7);
    String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertThat(api.lastContext.get().requestId()).isEqualTo(requestId);
    assertThat(api.lastContext.get().principal()).isEqualTo(new Principal.Agent(TestApi.AGENT_KEY, "default", "ci-1"));
  }

  @Test
  void refusesAgentKeysOnRootOnlyRoutes() throws Exception {
    assertError(post(TestApi.agentSigner(), "/v1/test/root-only", "{}"), 400, "AccessDeniedException",
        "not authorized to perform POST /v1/test/root-only");
  }

  @Test
  void mapsHandlerAndDecodingErrorsToTheEcsErrorShape() throws Exception {
    assertError(post(TestApi.rootSigner(), "/v1/test/root-only", "{\"text\":\"fail\"}"), 400,
        "InvalidParameterException", "text 'fail'");
    assertError(post(TestApi.rootSigner(), "/v1/test/echo", "{\"number\":\"seven\"}"), 400,
        "SerializationException", "number");
  }

  @Test
  void verifiesTheSignatureOverThePath() throws Exception {
    SigV4Signer wrong = new SigV4Signer(TestApi.ROOT_KEY, "not-the-root-secret", "us-east-1");

    assertError(post(wrong, "/v1/test/echo", "{}"), 400, "InvalidSignatureException", "");
    assertError(post(new SigV4Signer("AKIAUNKNOWN000000000", "x", "us-east-1"), "/v1/test/echo", "{}"), 400,
        "UnrecognizedClientException", "");
  }

  @Test
  void appliesTheBodyLimit() throws Exception {
    byte[] big = new byte[EcsApiHandler.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');

    assertError(post(TestApi.rootSigner(), "/v1/test/echo", big), 400, "ClientException", "maximum allowed length");
  }

  @Test
  void answersOtherMethodsOnARouteWith405() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.endpoint().resolve("/v1/test/echo"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }
}
