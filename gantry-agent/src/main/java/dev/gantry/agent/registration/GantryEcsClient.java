package dev.gantry.agent.registration;

import dev.gantry.agent.config.AgentConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The agent's ECS API client: the real AWS SDK EcsClient pointed at GANTRY_SERVER with the
 * agent's static keys. The URL-connection HTTP client is the only one on the agent's class path.
 */
public final class GantryEcsClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Longer than the server's longest answer (a poll waits up to a third of the liveness TTL). */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private GantryEcsClient() {}

  public static EcsClient create(AgentConfig config) {
    return EcsClient.builder()
        .endpointOverride(config.server())
        .region(Region.of(config.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())))
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT))
        .build();
  }
}
