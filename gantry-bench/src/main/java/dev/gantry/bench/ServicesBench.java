package dev.gantry.bench;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ops.ServiceController;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The service scheduler at scale: an in-process Gantry server on a fresh SQLite store,
 * {@code --instances} hollow container instances registered through the API
 * ({@link HollowAgents}; they never poll, so the server runs with a liveness TTL of a day and
 * default scheduler settings otherwise), {@code --stopped} tasks of history (RunTask, then
 * StopTask: a task no agent has reported on is STOPPED at once), then {@code --services}
 * services of {@code --desired} tasks each, created one after the other through the AWS SDK.
 * The services' task definition maps a container port to a dynamic host port (bridge mode), so
 * placement counts the dynamic ports every instance's tasks hold.
 *
 * <p>Prints (a) the seconds from the first CreateService until every service shows
 * {@code desiredCount} tasks placed (pending counts: hollow instances run nothing), polled with
 * DescribeServices once a second; then (b) in steady state, {@code --updates} UpdateService
 * calls raising one service's desired count by one, each waited for until the task is placed
 * (polled every 20 ms), and the time the scheduler took to reconcile one service in the passes
 * those updates caused, read from the server's own timer ({@link GantryServer#servicePassTimes}).
 */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = "Service scheduler at scale: many services on many hollow instances with stopped task history.")
final class ServicesBench implements Callable<Integer> {
  static final String CLUSTER = "bench";
  static final String SERVICE_FAMILY = "bench-web";
  static final String HISTORY_FAMILY = "bench-batch";
  static final int CPU = 64;
  static final int MEMORY = 128;
  private static final int CALLERS = 4;

  @Option(names = "--instances", description = "hollow container instances (default ${DEFAULT-VALUE})")
  int instances = 1_000;

  @Option(names = "--services", description = "services to create (default ${DEFAULT-VALUE})")
  int services = 100;

  @Option(names = "--desired", description = "desiredCount of each service (default ${DEFAULT-VALUE})")
  int desired = 10;

  @Option(names = "--stopped", description = "STOPPED tasks seeded as history first (default ${DEFAULT-VALUE})")
  int stopped = 5_000;

  @Option(names = "--updates", description = "steady-state UpdateService calls measured (default ${DEFAULT-VALUE})")
  int updates = 40;

  @Option(names = "--timeout-seconds", description = "time limit of each wait (default ${DEFAULT-VALUE})")
  int timeoutSeconds = 600;

  @Option(names = "--seed", description = "seed of the hollow instances' sizes (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    System.setProperty("http.maxConnections", Integer.toString(CALLERS + 1));
    Path dataDir = Files.createTempDirectory("gantry-bench-services-");
    String keyId = "AKIABENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    ServerConfig config = new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dataDir, null,
        null, keyId, secret).withAgentLivenessTtl(Duration.ofDays(1));
    try (GantryServer server = GantryServer.start(config);
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(30))
            .socketTimeout(Duration.ofSeconds(120)).build();
        EcsClient ecs = HollowAgents.client(server.endpoint(), keyId, secret, http)) {
      ecs.createCluster(r -> r.clusterName(CLUSTER));
      long t0 = System.nanoTime();
      List<String> arns = HollowAgents.register(server.endpoint(), keyId, secret, http, CLUSTER, instances, seed,
          CALLERS);
      System.out.printf("server %s; registered %d hollow instances in %.1f s%n", server.endpoint(), arns.size(),
          seconds(System.nanoTime() - t0));
      t0 = System.nanoTime();
      int history = seedHistory(ecs);
      System.out.printf("seeded %d STOPPED tasks (RunTask + StopTask) in %.1f s%n", history,
          seconds(System.nanoTime() - t0));
      String definition = ecs.registerTaskDefinition(r -> r.family(SERVICE_FAMILY).networkMode(NetworkMode.BRIDGE)
          .containerDefinitions(c -> c.name("web").image("gantry-demo/web:1").cpu(CPU).memory(MEMORY).essential(true)
              .portMappings(p -> p.containerPort(8080).hostPort(0)))).taskDefinition().taskDefinitionArn();

      long created = System.nanoTime();
      for (int i = 0; i < services; i++) {
        String name = name(i);
        ecs.createService(r -> r.cluster(CLUSTER).serviceName(name).taskDefinition(definition).desiredCount(desired));
      }
      System.out.printf("created %d services of %d tasks in %.1f s%n", services, desired,
          seconds(System.nanoTime() - created));
      Map<String, Integer> want = new HashMap<>();
      for (int i = 0; i < services; i++) {
        want.put(name(i), desired);
      }
      long placed = awaitPlaced(ecs, want, 1_000);
      double convergeSeconds = seconds(placed - created);

      ServiceController.PassTimes before = server.servicePassTimes();
      Latencies roundTrips = new Latencies();
      for (int u = 0; u < updates; u++) {
        String name = name(u % services);
        int next = desired + 1 + u / services;
        long u0 = System.nanoTime();
        ecs.updateService(r -> r.cluster(CLUSTER).service(name).desiredCount(next));
        awaitPlaced(ecs, Map.of(name, next), 20);
        roundTrips.record(System.nanoTime() - u0);
      }
      ServiceController.PassTimes after = server.servicePassTimes();
      long[] passes = since(before, after);
      Latencies.Summary trips = Latencies.summarize("update", List.of(roundTrips), 1);
      System.out.printf("UpdateService +1 to the task placed (%d updates): median %.1f ms  p99 %.1f ms%n", updates,
          trips.p50() / 1e6, trips.p99() / 1e6);
      System.out.printf("(a) first CreateService to %d services x %d tasks placed: %.1f s%n", services, desired,
          convergeSeconds);
      System.out.printf("(b) one scheduler pass per service, steady state (%d passes): median %.2f ms  p99 %.2f ms%n",
          passes.length, percentile(passes, 0.5) / 1e6, percentile(passes, 0.99) / 1e6);
      return 0;
    } finally {
      deleteRecursively(dataDir);
    }
  }

  private static String name(int i) {
    return String.format("svc-%03d", i);
  }

  /** {@code stopped} tasks run by RunTask ({@link #CALLERS} callers, 10 a call) and stopped by StopTask. */
  private int seedHistory(EcsClient ecs) throws Exception {
    if (stopped <= 0) {
      return 0;
    }
    ecs.registerTaskDefinition(r -> r.family(HISTORY_FAMILY).containerDefinitions(c -> c.name("job")
        .image("gantry-test/busybox:latest").cpu(CPU).memory(MEMORY).essential(true).command("true")));
    int calls = (stopped + 9) / 10;
    try (ExecutorService pool = Executors.newFixedThreadPool(CALLERS)) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < calls; c++) {
        int n = Math.min(10, stopped - c * 10);
        done.add(pool.submit(() -> {
          List<Task> tasks = ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(HISTORY_FAMILY).count(n)).tasks();
          for (Task t : tasks) {
            ecs.stopTask(r -> r.cluster(CLUSTER).task(t.taskArn()).reason("bench history"));
          }
          return tasks.size();
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get();
      }
      return total;
    }
  }

  /** Polls DescribeServices until each named service shows at least its count of tasks placed; the nanoTime then. */
  private long awaitPlaced(EcsClient ecs, Map<String, Integer> want, long intervalMillis) throws InterruptedException {
    Map<String, Integer> left = new HashMap<>(want);
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      List<String> names = List.copyOf(left.keySet());
      for (int i = 0; i < names.size(); i += 10) {
        List<String> batch = names.subList(i, Math.min(names.size(), i + 10));
        for (Service s : ecs.describeServices(r -> r.cluster(CLUSTER).services(batch)).services()) {
          if (s.pendingCount() + s.runningCount() >= left.get(s.serviceName())) {
            left.remove(s.serviceName());
          }
        }
      }
      long now = System.nanoTime();
      if (left.isEmpty()) {
        return now;
      }
      if (now > deadline) {
        throw new IllegalStateException(left.size() + " services not placed within " + timeoutSeconds + " s: "
            + left.keySet().stream().sorted().limit(5).toList());
      }
      Thread.sleep(intervalMillis);
    }
  }

  /** The pass times recorded between two readings, sorted. */
  private static long[] since(ServiceController.PassTimes before, ServiceController.PassTimes after) {
    int n = (int) Math.min(after.recorded() - before.recorded(), after.recentNanos().size());
    List<Long> recent = after.recentNanos();
    long[] out = recent.subList(recent.size() - n, recent.size()).stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(out);
    return out;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
