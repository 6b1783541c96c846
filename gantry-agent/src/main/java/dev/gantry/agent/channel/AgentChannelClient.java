package dev.gantry.agent.channel;

import dev.gantry.agent.config.AgentConfig;
import dev.gantry.model.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@code POST /v1/agent/poll} over HTTP, SigV4-signed (service {@code ecs}) with the agent's
 * keys by the AWS SDK's own signer, so the server verifies it exactly as it verifies ECS API calls.
 * The request timeout is well above the server's hold (a third of the liveness TTL).
 */
public final class AgentChannelClient implements AgentChannel {
  public static final String POLL_PATH = "/v1/agent/poll";
  public static final String HEALTH_PATH = "/v1/agent/health";
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI pollUri;
  private final URI healthUri;
  private final AwsCredentialsIdentity credentials;
  private final String region;
  private final HttpClient http;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public AgentChannelClient(URI server, String accessKeyId, String secretAccessKey, String region) {
    this.pollUri = server.resolve(POLL_PATH);
    this.healthUri = server.resolve(HEALTH_PATH);
    this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
    this.region = region;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public static AgentChannelClient create(AgentConfig config) {
    return new AgentChannelClient(config.server(), config.accessKeyId(), config.secretAccessKey(), config.region());
  }

  @Override
  public PollAnswer poll(PollRequest request) throws IOException, InterruptedException {
    return AgentJson.decode(post(pollUri, AgentJson.encode(request), "the poll"), PollAnswer.class);
  }

  /** One container's Docker health, as {@code POST /v1/agent/health} takes it. */
  public record ContainerHealth(String containerName, HealthStatus healthStatus) {}

  record HealthRequest(String cluster, String task, List<ContainerHealth> containers) {}

  /** Reports container health, which no ECS API call carries (see docs/agent-channel.md). */
  public void reportHealth(String cluster, String taskArn, List<ContainerHealth> containers)
      throws IOException, InterruptedException {
    post(healthUri, AgentJson.encode(new HealthRequest(cluster, taskArn, containers)), "the health report");
  }

  private byte[] post(URI uri, byte[] body, String what) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signedHeaders(uri, body).forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new ChannelRefusal(response.statusCode(),
          ChannelRefusal.typeOf(response.headers().firstValue("X-Amzn-ErrorType")), "the server at " + uri
          + " answered " + what + " with HTTP " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8).strip());
    }
    return response.body();
  }

  /** Content-Type, X-Amz-Date and Authorization (and what else the signer signs), for this body now. */
  Map<String, List<String>> signedHeaders(byte[] body) {
    return signedHeaders(pollUri, body);
  }

  private Map<String, List<String>> signedHeaders(URI uri, byte[] body) {
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
        .putHeader("Content-Type", "application/json").build();
    return signer.sign(r -> r.identity(credentials).request(unsigned)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request().headers();
  }

  @Override
  public String toString() {
    return "AgentChannelClient[" + pollUri + ", " + credentials.accessKeyId() + "]";
  }
}
