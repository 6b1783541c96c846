package dev.gantry.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoint over real HTTP (JDK HttpClient) on the loopback, with a map standing in for the engine. */
class MetadataEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB_ID = MetadataEndpoint.newEndpointId(new SecureRandom());
  private static final String SIDECAR_ID = MetadataEndpoint.newEndpointId(new SecureRandom());

  private final Map<String, EndpointView> views = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private MetadataEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    views.put(WEB_ID, new EndpointView(Fixtures.runningTask(), "web"));
    views.put(SIDECAR_ID, new EndpointView(Fixtures.runningTask(), "sidecar"));
    endpoint = MetadataEndpoint.start(InetAddress.getLoopbackAddress(), 0,
        id -> Optional.ofNullable(views.get(id)));
  }

  @AfterEach
  void stop() {
    endpoint.close();
    http.close();
  }

  @Test
  void uriForNamesTheBoundAddressPortAndId() {
    URI uri = endpoint.uriFor(WEB_ID);
    assertThat(uri.getScheme()).isEqualTo("http");
    assertThat(uri.getHost()).isEqualTo(InetAddress.getLoopbackAddress().getHostAddress());
    assertThat(uri.getPort()).isEqualTo(endpoint.address().getPort()).isPositive();
    assertThat(uri.getPath()).isEqualTo("/v4/" + WEB_ID);
  }

  @Test
  void containerUriAnswersThatContainersDocument() throws Exception {
    HttpResponse<String> response = get(endpoint.uriFor(WEB_ID).toString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body()).isEqualTo(json(MetadataJson.container(Fixtures.web())));
  }

  @Test
  void eachContainerSeesItself() throws Exception {
    JsonNode sidecar = JSON.readTree(get(endpoint.uriFor(SIDECAR_ID).toString()).body());
    assertThat(sidecar.path("Name").asText()).isEqualTo("sidecar");
    assertThat(sidecar.path("ExitCode").asInt()).isEqualTo(1);
  }

  @Test
  void taskUriAnswersTheWholeTask() throws Exception {
    HttpResponse<String> response = get(endpoint.uriFor(SIDECAR_ID) + "/task");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(json(MetadataJson.task(Fixtures.runningTask())));
    JsonNode task = JSON.readTree(response.body());
    assertThat(task.path("TaskARN").asText()).isEqualTo(Fixtures.TASK_ARN);
    assertThat(task.path("Containers")).extracting(c -> c.path("Name").asText()).containsExactly("web", "sidecar");
  }

  @Test
  void answersFollowTheEnginesCurrentState() throws Exception {
    assertThat(get(endpoint.uriFor(WEB_ID) + "/task").statusCode()).isEqualTo(200);
    views.put(WEB_ID, new EndpointView(Fixtures.stoppedTask(1024), "sidecar"));
    JsonNode task = JSON.readTree(get(endpoint.uriFor(WEB_ID) + "/task").body());
    assertThat(task.path("KnownStatus").asText()).isEqualTo("STOPPED");
    views.remove(WEB_ID);
    assertThat(get(endpoint.uriFor(WEB_ID) + "/task").statusCode()).isEqualTo(404);
  }

  @Test
  void aTrailingSlashIsTolerated() throws Exception {
    assertThat(get(endpoint.uriFor(WEB_ID) + "/").statusCode()).isEqualTo(200);
    assertThat(get(endpoint.uriFor(WEB_ID) + "/task/").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownIdsAre404WithAJsonMessageThatNamesTheId() throws Exception {
    String unknown = MetadataEndpoint.newEndpointId(new SecureRandom());
    for (String suffix : new String[] {"", "/task", "/stats", "/task/stats"}) {
      HttpResponse<String> response = get(endpoint.uriFor(unknown) + suffix);
      assertThat(response.statusCode()).as(suffix).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode message = JSON.readTree(response.body());
      assertThat(message.isTextual()).isTrue();
      assertThat(message.asText()).contains(unknown).contains("no task container");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/v4/" + "x/unknown", "/v3/abc", "/", "/v4/", "/v4/has%20space/task", "/v4/abc/task/stats/more"})
  void otherPathsAre404WithAJsonMessage(String path) throws Exception {
    HttpResponse<String> response = get(base() + path);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).asText()).startsWith("Nothing is served at");
  }

  @Test
  void statsAreAClearNotSupported() throws Exception {
    for (String suffix : new String[] {"/stats", "/task/stats"}) {
      HttpResponse<String> response = get(endpoint.uriFor(WEB_ID) + suffix);
      assertThat(response.statusCode()).as(suffix).isEqualTo(501);
      assertThat(JSON.readTree(response.body()).asText()).contains("stats are not supported");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"POST", "PUT", "DELETE", "HEAD"})
  void onlyGetIsAllowed(String method) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.uriFor(WEB_ID) + "/task"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void aFailingSourceGivesThatRequestA500AndTheEndpointKeepsServing() throws Exception {
    try (MetadataEndpoint failing = MetadataEndpoint.start(InetAddress.getLoopbackAddress(), 0, id -> {
      throw new IllegalStateException("engine state is being rebuilt");
    })) {
      assertThat(get(failing.uriFor(WEB_ID).toString()).statusCode()).isEqualTo(500);
      assertThat(get(failing.uriFor(WEB_ID).toString()).statusCode()).isEqualTo(500);
    }
  }

  @Test
  void theWildcardAddressIsRefused() {
    assertThatThrownBy(() -> MetadataEndpoint.start(InetAddress.getByName("0.0.0.0"), 0, id -> Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard").hasMessageContaining("docker0");
  }

  @Test
  void aPortInUseIsNamedInTheError() {
    int taken = endpoint.address().getPort();
    assertThatThrownBy(() -> MetadataEndpoint.start(InetAddress.getLoopbackAddress(), taken, id -> Optional.empty()))
        .isInstanceOf(IOException.class).hasMessageContaining(":" + taken);
  }

  @Test
  void endpointIdsAre128RandomBitsInHex() {
    SecureRandom random = new SecureRandom();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = MetadataEndpoint.newEndpointId(random);
      assertThat(id).matches("[0-9a-f]{32}");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void uriForRefusesIdsThatCouldNotBeServed() {
    assertThatThrownBy(() -> endpoint.uriFor("../etc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../etc");
  }

  @Test
  void anEndpointViewMustNameAContainerOfItsTask() {
    assertThatThrownBy(() -> new EndpointView(Fixtures.runningTask(), "db"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("db").hasMessageContaining("[web, sidecar]");
  }

  private String base() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + endpoint.address().getPort();
  }

  private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String json(JsonNode node) {
    return new String(MetadataJson.bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }
}
