package dev.gantry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.placement.InstanceView;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import dev.gantry.testkit.HollowCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.RegisterContainerInstanceRequest;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/**
 * Hollow container instances registered through the API the way agents register: for each
 * one, the root mints an agent key ({@code POST /v1/agent-keys}), and an AWS SDK client signing
 * with that key calls RegisterContainerInstance with an EC2 identity document, the resources and
 * the attributes an agent reports. The instances are those of {@link HollowCluster} (its zones,
 * m5/c5 sizes and reserved ports, seeded); no agent runs behind them and none polls, so the
 * server must be started with a liveness TTL longer than the benchmark.
 */
final class HollowAgents {
  private static final String AGENT_VERSION = "1.80.0";

  private HollowAgents() {}

  /** Registers {@code instances} hollow instances in {@code cluster}; returns their container instance ARNs. */
  static List<String> register(URI endpoint, String rootKeyId, String rootSecret, SdkHttpClient http, String cluster,
      int instances, long seed, int threads) throws Exception {
    List<AgentKey> keys = mintKeys(endpoint, rootKeyId, rootSecret, cluster, instances, threads);
    return registerAs(endpoint, http, cluster, hollow(instances, seed), keys, threads);
  }

  /** The hollow instances {@link #register} registers: {@link HollowCluster}'s, seeded. */
  static List<InstanceView> hollow(int instances, long seed) {
    return HollowCluster.generate(instances, seed).snapshot().instances();
  }

  /** An agent key pair minted by the root, for one new container instance. */
  record AgentKey(String accessKeyId, String secretAccessKey) {}

  /** {@code count} agent keys for {@code cluster}, minted through {@code POST /v1/agent-keys} by the root. */
  static List<AgentKey> mintKeys(URI endpoint, String rootKeyId, String rootSecret, String cluster, int count,
      int threads) throws Exception {
    SigV4Signer root = new SigV4Signer(rootKeyId, rootSecret, Region.US_EAST_1.id());
    HttpClient keyClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<AgentKey> keys = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<AgentKey>> minted = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        minted.add(pool.submit(() -> {
          JsonNode key = agentKey(keyClient, root, endpoint, cluster);
          return new AgentKey(key.get("accessKeyId").asText(), key.get("secretAccessKey").asText());
        }));
      }
      for (Future<AgentKey> f : minted) {
        keys.add(f.get());
      }
    }
    return keys;
  }

  /**
   * Each of {@code hollow} registered by an SDK client signing with its own key of {@code keys}
   * (as many keys as instances), {@code threads} at a time; the container instance ARNs in order.
   */
  static List<String> registerAs(URI endpoint, SdkHttpClient http, String cluster, List<InstanceView> hollow,
      List<AgentKey> keys, int threads) throws Exception {
    List<String> arns = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<String>> registered = new ArrayList<>();
      for (int i = 0; i < hollow.size(); i++) {
        InstanceView instance = hollow.get(i);
        AgentKey key = keys.get(i);
        registered.add(pool.submit(() -> {
          try (EcsClient agent = agentClient(endpoint, key.accessKeyId(), key.secretAccessKey(), http)) {
            return agent.registerContainerInstance(request(cluster, instance)).containerInstance()
                .containerInstanceArn();
          }
        }));
      }
      for (Future<String> f : registered) {
        arns.add(f.get());
      }
    }
    return arns;
  }

  /** An SDK client for Gantry that does not retry (a benchmark must see every first answer). */
  static EcsClient client(URI endpoint, String keyId, String secret, SdkHttpClient http) {
    return EcsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(http)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /**
   * As an agent's client: with the SDK's standard retries, which an agent relies on when
   * registrations into one cluster race (each one updates the cluster's instance count).
   */
  private static EcsClient agentClient(URI endpoint, String keyId, String secret, SdkHttpClient http) {
    return EcsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(http)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
        .build();
  }

  private static JsonNode agentKey(HttpClient client, SigV4Signer root, URI endpoint, String cluster) {
    byte[] body = ("{\"cluster\":\"" + cluster + "\"}").getBytes(StandardCharsets.UTF_8);
    URI uri = endpoint.resolve("/v1/agent-keys");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    root.sign("POST", uri, headers, body, Instant.now()).forEach(request::header);
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("POST /v1/agent-keys answered " + response.statusCode() + ": "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      return JsonCodec.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while minting an agent key", e);
    }
  }

  /** What an ECS agent on this (hollow) host would send. */
  private static RegisterContainerInstanceRequest request(String cluster, InstanceView instance) {
    String zone = instance.attribute("ecs.availability-zone").orElseThrow();
    String type = instance.attribute("ecs.instance-type").orElseThrow();
    String identity = "{\"instanceId\":\"" + instance.ec2InstanceId() + "\",\"availabilityZone\":\"" + zone
        + "\",\"instanceType\":\"" + type + "\",\"region\":\"us-east-1\"}";
    List<Attribute> attributes = new ArrayList<>();
    instance.attributes().forEach((name, value) -> attributes.add(Attribute.builder().name(name).value(value).build()));
    return RegisterContainerInstanceRequest.builder()
        .cluster(cluster)
        .instanceIdentityDocument(identity)
        .totalResources(
            Resource.builder().name("CPU").type("INTEGER").integerValue(instance.remainingCpu()).build(),
            Resource.builder().name("MEMORY").type("INTEGER").integerValue(instance.remainingMemory()).build(),
            Resource.builder().name("PORTS").type("STRINGSET")
                .stringSetValue(instance.tcpPortsTaken().stream().sorted().map(String::valueOf).toList()).build(),
            Resource.builder().name("PORTS_UDP").type("STRINGSET").stringSetValue(List.of()).build())
        .attributes(attributes)
        .versionInfo(VersionInfo.builder().agentVersion(AGENT_VERSION).agentHash("hollow")
            .dockerVersion("DockerVersion: 27.0.1").build())
        .build();
  }
}
