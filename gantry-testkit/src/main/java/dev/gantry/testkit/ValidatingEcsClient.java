package dev.gantry.testkit;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A real AWS SDK v2 {@link EcsClient} for a Gantry endpoint with a {@link ModelValidatingInterceptor}
 * installed, so every response a test receives is checked against the service model.
 *
 * <p>Uses the URL-connection HTTP client explicitly (the SDK's ecs module also brings Apache and
 * Netty clients, and an explicit choice avoids the classpath lottery) and does not retry: a test
 * should see the server's first answer, and a retried 500 would only hide it and slow the test.
 */
public record ValidatingEcsClient(EcsClient ecs, ModelValidatingInterceptor validator) implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A client for {@code endpoint} (e.g. {@code http://127.0.0.1:7777}) signing with the given keys. */
  public static ValidatingEcsClient create(URI endpoint, String accessKeyId, String secretAccessKey, Region region) {
    ModelValidatingInterceptor validator = new ModelValidatingInterceptor();
    EcsClient ecs = EcsClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(TIMEOUT).socketTimeout(TIMEOUT))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(validator))
        .build();
    return new ValidatingEcsClient(ecs, validator);
  }

  /** Like {@link #create(URI, String, String, Region)} in {@code us-east-1}, Gantry's default region. */
  public static ValidatingEcsClient create(URI endpoint, String accessKeyId, String secretAccessKey) {
    return create(endpoint, accessKeyId, secretAccessKey, Region.US_EAST_1);
  }

  /** Shorthand for {@code validator().assertNoProblems()}. */
  public void assertNoProblems() {
    validator.assertNoProblems();
  }

  @Override
  public void close() {
    ecs.close();
  }
}
