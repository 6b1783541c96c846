package dev.gantry.bench;

import dev.gantry.placement.InstanceView;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * RegisterContainerInstance throughput as a cluster fills up: an in-process Gantry server on a
 * fresh SQLite store, one cluster, then {@code --instances} hollow instances registered through
 * the API as agents register ({@link HollowAgents}: an EC2 identity document, resources and
 * attributes, each signed with its own agent key), {@code --agents} at a time. The agent keys
 * are minted before the clock starts; only the registrations are timed. Each registration must
 * look up whether its EC2 instance id is registered already, so a lookup that reads the whole
 * cluster makes the run quadratic in the number of instances.
 *
 * <p>Afterwards every instance registers again with its key (an agent restart), which must land
 * on the same container instance, and ListContainerInstances must list exactly the instances.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
    description = "RegisterContainerInstance/s of hollow agents filling one cluster through the API (AWS SDK).")
final class RegisterBench implements Callable<Integer> {
  static final String CLUSTER = "bench";

  @Option(names = "--instances", description = "hollow container instances to register (default ${DEFAULT-VALUE})")
  int instances = 1_000;

  @Option(names = "--agents", description = "agents registering at a time (default ${DEFAULT-VALUE})")
  int agents = 4;

  @Option(names = "--seed", description = "seed of the hollow instances' sizes (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    System.setProperty("http.maxConnections", Integer.toString(Math.max(5, agents)));
    Path dataDir = Files.createTempDirectory("gantry-bench-register-");
    String keyId = "AKIABENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    ServerConfig config = new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dataDir, null,
        null, keyId, secret).withAgentLivenessTtl(Duration.ofDays(1));
    try (GantryServer server = GantryServer.start(config);
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(30))
            .socketTimeout(Duration.ofSeconds(60)).build();
        EcsClient ecs = HollowAgents.client(server.endpoint(), keyId, secret, http)) {
      ecs.createCluster(r -> r.clusterName(CLUSTER));
      List<InstanceView> hollow = HollowAgents.hollow(instances, seed);
      List<HollowAgents.AgentKey> keys = HollowAgents.mintKeys(server.endpoint(), keyId, secret, CLUSTER, instances,
          agents);
      System.out.printf("server %s, data in %s; %d agent keys minted; %d agents registering at a time%n",
          server.endpoint(), dataDir, keys.size(), agents);

      long t0 = System.nanoTime();
      List<String> arns = HollowAgents.registerAs(server.endpoint(), http, CLUSTER, hollow, keys, agents);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("first registration of %d instances: %.1f s%n", arns.size(), seconds);

      long t1 = System.nanoTime();
      List<String> again = HollowAgents.registerAs(server.endpoint(), http, CLUSTER, hollow, keys, agents);
      System.out.printf("registering them again (agent restarts): %.1f s%n", (System.nanoTime() - t1) / 1e9);

      List<String> problems = check(ecs, arns, again);
      problems.forEach(p -> System.out.println("CHECK: " + p));
      System.out.printf("registrations/s: %.0f%n", arns.size() / seconds);
      System.out.printf("total seconds: %.1f%n", seconds);
      return problems.isEmpty() ? 0 : 1;
    } finally {
      FailoverBench.delete(dataDir);
    }
  }

  /** One container instance per host, the same one again on re-registration, and all of them listed. */
  private List<String> check(EcsClient ecs, List<String> arns, List<String> again) {
    List<String> problems = new java.util.ArrayList<>();
    if (new HashSet<>(arns).size() != instances) {
      problems.add(new HashSet<>(arns).size() + " distinct container instances for " + instances + " hosts");
    }
    if (!again.equals(arns)) {
      problems.add("registering again did not return each host's own container instance");
    }
    HashSet<String> listed = new HashSet<>();
    ecs.listContainerInstancesPaginator(r -> r.cluster(CLUSTER).maxResults(100)).containerInstanceArns()
        .forEach(listed::add);
    if (!listed.equals(new HashSet<>(arns))) {
      problems.add("ListContainerInstances lists " + listed.size() + " instances, not the " + instances
          + " registered");
    }
    return problems;
  }
}
