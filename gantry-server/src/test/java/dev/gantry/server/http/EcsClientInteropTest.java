package dev.gantry.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** The real AWS SDK for Java v2 as the client: what it signs verifies, what we answer it understands. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcsClientInteropTest {
  TestApi api;
  TestApi aheadApi;

  @BeforeAll
  void start() throws Exception {
    api = new TestApi(Clock.systemUTC());
    aheadApi = new TestApi(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
  }

  @AfterAll
  void stop() {
    api.close();
    aheadApi.close();
  }

  EcsClient client(TestApi target, String keyId, String secret, SdkHttpClient http) {
    return EcsClient.builder()
        .endpointOverride(target.endpoint())
        .region(Region.EU_WEST_3)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(http)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  EcsClient root() {
    return client(api, TestApi.ROOT_KEY, TestApi.ROOT_SECRET, UrlConnectionHttpClient.create());
  }

  @Test
  void signedSdkCallsVerifyAndGetTheirResponse() {
    try (EcsClient ecs = root()) {
      assertThat(ecs.listClusters().clusterArns()).containsExactly(TestApi.CLUSTER_ARN);
      assertThat(ecs.describeClusters(r -> r.clusters("a", "b")).clusters())
          .extracting(c -> c.clusterName() + ":" + c.status()).containsExactly("a:ACTIVE", "b:ACTIVE");
    }
  }

  @Test
  void sdkSeesTheRequestIdOfTheCall() {
    try (EcsClient ecs = root()) {
      String requestId = ecs.listClusters().responseMetadata().requestId();

      assertThat(requestId).isEqualTo(api.lastContext.get().requestId());
    }
  }

  @Test
  void sdkGetsTheTypedEcsErrorWithItsMessage() {
    try (EcsClient ecs = root()) {
      ClusterNotFoundException e = catchThrowableOfType(ClusterNotFoundException.class,
          () -> ecs.deleteCluster(r -> r.cluster("gone")));

      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClusterNotFoundException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cluster not found: gone.");
      assertThat(e.requestId()).isNotBlank();
    }
  }

  @Test
  void sdkGetsAServerExceptionForAnUnexpectedFailure() {
    try (EcsClient ecs = root()) {
      ServerException e = catchThrowableOfType(ServerException.class, () -> ecs.createCluster(r -> r.clusterName("x")));

      assertThat(e.statusCode()).isEqualTo(500);
      assertThat(e.awsErrorDetails().errorMessage()).doesNotContain("hunter2");
    }
  }

  @Test
  void sdkGetsInvalidParameterForAnUnknownEnumValue() {
    try (EcsClient ecs = root()) {
      InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class,
          () -> ecs.registerTaskDefinition(r -> r.family("web").networkMode("nat")
              .containerDefinitions(ContainerDefinition.builder().name("app").image("nginx").build())));

      assertThat(e.awsErrorDetails().errorMessage()).contains("'nat'", "networkMode", "awsvpc");
    }
  }

  @Test
  void sdkGetsClientExceptionForATaskDefinitionOverTheSizeLimit() {
    List<software.amazon.awssdk.services.ecs.model.KeyValuePair> environment = java.util.stream.IntStream
        .range(0, 1500).mapToObj(i -> software.amazon.awssdk.services.ecs.model.KeyValuePair.builder()
            .name("VARIABLE_" + i).value("value-" + "x".repeat(40)).build()).toList();
    try (EcsClient ecs = root()) {
      ClientException e = catchThrowableOfType(ClientException.class,
          () -> ecs.registerTaskDefinition(r -> r.family("big").containerDefinitions(
              ContainerDefinition.builder().name("app").image("nginx").environment(environment).build())));

      assertThat(e.awsErrorDetails().errorMessage()).contains("the maximum allowed length is 65536 bytes");
    }
  }

  @Test
  void agentCredentialsGetAccessDeniedOnAUserOperation() {
    try (EcsClient ecs = client(api, TestApi.AGENT_KEY, TestApi.AGENT_SECRET, UrlConnectionHttpClient.create())) {
      AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class, ecs::listClusters);

      assertThat(e.awsErrorDetails().errorMessage()).contains("ecs:ListClusters");
    }
  }

  @Test
  void anUnknownAccessKeyIsUnrecognized() {
    try (EcsClient ecs = client(api, "AKIANOBODY0000000000", TestApi.ROOT_SECRET, UrlConnectionHttpClient.create())) {
      EcsException e = catchThrowableOfType(EcsException.class, ecs::listClusters);

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
    }
  }

  @Test
  void theWrongSecretIsAnInvalidSignature() {
    try (EcsClient ecs = client(api, TestApi.ROOT_KEY, "wrong-secret", UrlConnectionHttpClient.create())) {
      EcsException e = catchThrowableOfType(EcsException.class, ecs::listClusters);

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
    }
  }

  @Test
  void aBodyChangedAfterSigningIsAnInvalidSignature() {
    SdkHttpClient tampering = new BodyRewritingHttpClient(UrlConnectionHttpClient.create(),
        body -> body.replace("\"cluster\":\"ab\"", "\"cluster\":\"xy\""));
    try (EcsClient ecs = client(api, TestApi.ROOT_KEY, TestApi.ROOT_SECRET, tampering)) {
      EcsException e = catchThrowableOfType(EcsException.class, () -> ecs.deleteCluster(r -> r.cluster("ab")));

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
    }
  }

  @Test
  void aRequestSignedTwentyMinutesBeforeTheServerClockHasExpired() {
    try (EcsClient ecs = client(aheadApi, TestApi.ROOT_KEY, TestApi.ROOT_SECRET, UrlConnectionHttpClient.create())) {
      EcsException e = catchThrowableOfType(EcsException.class, ecs::listClusters);

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
      assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired: ");
    }
  }

  /** Changes the body on its way out, after the SDK has signed it: a man in the middle. */
  private record BodyRewritingHttpClient(SdkHttpClient delegate, UnaryOperator<String> rewrite)
      implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      byte[] original = request.contentStreamProvider().map(p -> {
        try (InputStream in = p.newStream()) {
          return in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).orElse(new byte[0]);
      byte[] changed = rewrite.apply(new String(original, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      assertThat(changed).as("the rewrite must change the body and keep its length").isNotEqualTo(original)
          .hasSameSizeAs(original);
      return delegate.prepareRequest(HttpExecuteRequest.builder().request(request.httpRequest())
          .metricCollector(request.metricCollector().orElse(null))
          .contentStreamProvider(() -> new ByteArrayInputStream(changed)).build());
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
