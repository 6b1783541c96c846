package dev.gantry.testkit;

import static dev.gantry.testkit.Samples.object;
import static dev.gantry.testkit.Samples.sample;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** A real EcsClient against a tiny local HTTP server that answers with canned ECS replies. */
class ModelValidatingInterceptorTest {
  private record Reply(int status, Map<String, String> headers, byte[] body) { }

  private HttpServer server;
  private volatile Reply reply;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private ValidatingEcsClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange; InputStream request = exchange.getRequestBody()) {
        request.readAllBytes();
        targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        Reply r = reply;
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        exchange.getResponseBody().write(r.body());
      }
    });
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    client = ValidatingEcsClient.create(endpoint, "AKIDGANTRYTEST", "gantry-test-secret");
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private void answer(int status, String body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.putIfAbsent("Content-Type", "application/x-amz-json-1.1");
    reply = new Reply(status, headers, body.getBytes(UTF_8));
  }

  @Test
  void validatesAGoodResponseAndLeavesItForTheSdkToParse() {
    answer(200, sample("DescribeClusters").toString(), Map.of());

    DescribeClustersResponse response = client.ecs().describeClusters(r -> r.clusters("default"));

    assertThat(response.clusters()).singleElement().satisfies(c -> {
      assertThat(c.clusterName()).isEqualTo("default");
      assertThat(c.runningTasksCount()).isEqualTo(3);
    });
    assertThat(targets).containsExactly("AmazonEC2ContainerServiceV20141113.DescribeClusters");
    assertThat(client.validator().validatedCount()).isEqualTo(1);
    assertThat(client.validator().problems()).isEmpty();
    client.assertNoProblems();
  }

  @Test
  void reportsADefectInAResponseTheSdkWouldSwallow() {
    var body = sample("DescribeClusters");
    object(body, "/clusters/0").put("clusterStatus", "ACTIVE");
    answer(200, body.toString(), Map.of());

    client.ecs().describeClusters(r -> r.clusters("default"));

    assertThat(client.validator().validatedCount()).isEqualTo(1);
    assertThat(client.validator().problems())
        .containsExactly("DescribeClusters (HTTP 200): $.clusters[0].clusterStatus: unknown member of Cluster");
    assertThatThrownBy(client::assertNoProblems)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("$.clusters[0].clusterStatus: unknown member of Cluster");
  }

  @Test
  void validatesAnErrorResponseBeforeTheSdkTurnsItIntoAnException() {
    answer(400, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found: staging\"}",
        Map.of("X-Amzn-ErrorType", "ClusterNotFoundException"));

    assertThatThrownBy(() -> client.ecs().describeServices(DescribeServicesRequest.builder()
        .cluster("staging").services("web").build()))
        .isInstanceOf(ClusterNotFoundException.class)
        .hasMessageContaining("Cluster not found: staging");
    assertThat(client.validator().validatedCount()).isEqualTo(1);
    client.assertNoProblems();
  }

  @Test
  void reportsAnErrorWhoseHeaderDisagreesWithItsBody() {
    answer(400, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found: staging\"}",
        Map.of("X-Amzn-ErrorType", "ClientException"));

    assertThatThrownBy(() -> client.ecs().describeServices(r -> r.cluster("staging").services("web")))
        .isInstanceOf(EcsException.class);
    assertThat(client.validator().problems()).containsExactly("DescribeServices (HTTP 400): header X-Amzn-ErrorType: "
        + "\"ClientException\" does not match __type ClusterNotFoundException");
  }

  @Test
  void reportsAResponseWithTheWrongContentType() {
    answer(200, "{\"clusterArns\":[]}", Map.of("Content-Type", "application/json"));

    assertThat(client.ecs().listClusters().clusterArns()).isEmpty();
    assertThat(client.validator().problems()).containsExactly("ListClusters (HTTP 200): header Content-Type: "
        + "\"application/json\"; expected application/x-amz-json-1.1");
  }

  @Test
  void countsEveryCallAndForgetsOnReset() {
    answer(200, "{\"clusterArns\":[\"arn:aws:ecs:us-east-1:000000000000:cluster/default\"]}", Map.of());

    client.ecs().listClusters();
    client.ecs().listClusters();
    assertThat(client.validator().validatedCount()).isEqualTo(2);

    client.validator().reset();
    assertThat(client.validator().validatedCount()).isZero();
  }
}
