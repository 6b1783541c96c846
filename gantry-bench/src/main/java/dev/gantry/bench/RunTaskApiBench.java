package dev.gantry.bench;

import dev.gantry.placement.InstanceView;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.HollowCluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * RunTask throughput through the API with every placement durably committed: an in-process
 * Gantry server on a fresh SQLite store ({@code synchronous=FULL}), {@code --instances} hollow
 * container instances registered through the API as agents register ({@link HollowAgents}),
 * then {@code --callers} threads calling RunTask through the AWS SDK v2 ({@code --count} tasks of cpu 256 /
 * memory 512, spread by availability zone) until each phase has asked for its tasks or run out
 * of time. A warmup phase (not counted) lets the JIT compile; then {@code --rounds} measured
 * rounds, whose median is reported. Tasks accumulate over the phases, as they do in a cluster.
 *
 * <p>At the end the server is closed and the store file read afresh ({@link StoreAudit}):
 * every task a response returned must be there, on its instance, and no instance may be
 * overcommitted. The hollow instances never poll; the server's liveness TTL is a day, so they
 * stay {@code agentConnected} for the run.
 */
@Command(name = "run-task-api", mixinStandardHelpOptions = true,
    description = "Placed tasks/s of RunTask through the API (AWS SDK) against hollow instances, durably committed.")
final class RunTaskApiBench implements Callable<Integer> {
  static final String CLUSTER = "bench";
  static final String FAMILY = "bench-small";
  static final int CPU = 256;
  static final int MEMORY = 512;
  /** Agents registering at a time while the cluster is set up. */
  static final int REGISTERING_AGENTS = 4;

  @Option(names = "--instances", description = "hollow container instances (default ${DEFAULT-VALUE})")
  int instances = 1_000;

  @Option(names = "--count", description = "RunTask's count (default ${DEFAULT-VALUE})")
  int count = 10;

  @Option(names = "--callers", description = "threads calling RunTask one call after the other, through one "
      + "shared SDK client (default ${DEFAULT-VALUE})")
  int callers = 4;

  @Option(names = "--warmup-tasks", description = "tasks placed before measuring (default ${DEFAULT-VALUE})")
  int warmupTasks = 5_000;

  @Option(names = "--round-tasks", description = "tasks asked for per measured round (default ${DEFAULT-VALUE})")
  int roundTasks = 10_000;

  @Option(names = "--rounds", description = "measured rounds; the median is reported (default ${DEFAULT-VALUE})")
  int rounds = 3;

  @Option(names = "--round-seconds", description = "time limit of each phase (default ${DEFAULT-VALUE})")
  int roundSeconds = 60;

  @Option(names = "--seed", description = "seed of the hollow instances' sizes (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    int wanted = warmupTasks + rounds * roundTasks;
    int capacity = capacity();
    if (wanted > capacity) {
      System.out.printf("%d hollow instances hold %d tasks of cpu %d / memory %d; the phases ask for %d: give "
          + "fewer --round-tasks or --rounds, or more --instances%n", instances, capacity, CPU, MEMORY, wanted);
      return 2;
    }
    // the SDK's URL-connection client keeps http.maxConnections (default 5) connections alive per endpoint;
    // with more callers than that, every call beyond them would open and close a TCP connection
    System.setProperty("http.maxConnections", Integer.toString(Math.max(5, callers)));
    Path dataDir = Files.createTempDirectory("gantry-bench-runtask-");
    String keyId = "AKIABENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    ServerConfig config = new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dataDir, null,
        null, keyId, secret).withAgentLivenessTtl(Duration.ofDays(1));
    Map<String, String> placed = new ConcurrentHashMap<>();
    List<Phase> measured = new ArrayList<>();
    Phase warmup;
    try {
      try (GantryServer server = GantryServer.start(config);
          SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(30))
              .socketTimeout(Duration.ofSeconds(60)).build();
          EcsClient ecs = HollowAgents.client(server.endpoint(), keyId, secret, http)) {
        ecs.createCluster(r -> r.clusterName(CLUSTER));
        ecs.registerTaskDefinition(r -> r.family(FAMILY).containerDefinitions(c -> c.name("app")
            .image("gantry-test/busybox:latest").cpu(CPU).memory(MEMORY).essential(true).command("sleep", "3600")));
        long t0 = System.nanoTime();
        List<String> arns = HollowAgents.register(server.endpoint(), keyId, secret, http, CLUSTER, instances, seed,
            REGISTERING_AGENTS);
        System.out.printf("server %s, data in %s; registered %d hollow instances through the API in %.1f s "
            + "(room for %d tasks)%n", server.endpoint(), dataDir, arns.size(), (System.nanoTime() - t0) / 1e9,
            capacity);
        System.out.printf("RunTask count %d (cpu %d, memory %d, spread by availability zone) from %d SDK callers%n",
            count, CPU, MEMORY, callers);
        warmup = run(ecs, "warmup", warmupTasks, placed);
        System.out.println("  " + warmup);
        for (int r = 0; r < rounds; r++) {
          Phase round = run(ecs, "round " + (r + 1), roundTasks, placed);
          measured.add(round);
          System.out.println("  " + round);
        }
      }
      StoreAudit.Result audit = StoreAudit.check(dataDir, CLUSTER, placed, CPU, MEMORY);
      audit.problems().forEach(p -> System.out.println("AUDIT: " + p));
      System.out.printf("store after close: %d tasks stored, %d returned by RunTask, %d instances, %s%n",
          audit.tasksStored(), placed.size(), audit.instances(),
          audit.ok() ? "every returned task stored on its instance, none overcommitted" : "PROBLEMS (above)");
      int errors = warmup.errors() + measured.stream().mapToInt(Phase::errors).sum();
      System.out.println(median(measured));
      System.out.printf("placed tasks/s: %.0f%n", measured.stream().mapToDouble(Phase::perSecond).sorted()
          .toArray()[measured.size() / 2]);
      return audit.ok() && errors == 0 ? 0 : 1;
    } finally {
      deleteRecursively(dataDir);
    }
  }

  /** How many bench tasks the hollow instances hold: per instance, the smaller of its CPU and memory room. */
  private int capacity() {
    int total = 0;
    for (InstanceView v : HollowCluster.generate(instances, seed).snapshot().instances()) {
      total += Math.min(v.remainingCpu() / CPU, v.remainingMemory() / MEMORY);
    }
    return total;
  }

  /** One phase: callers ask for tasks until {@code tasks} were asked for or the time is up. */
  private Phase run(EcsClient ecs, String name, int tasks, Map<String, String> placed) throws InterruptedException {
    AtomicInteger budget = new AtomicInteger(tasks);
    AtomicInteger returned = new AtomicInteger();
    AtomicInteger unplaced = new AtomicInteger();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    List<Latencies> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(roundSeconds).toNanos();
    for (int c = 0; c < callers; c++) {
      Latencies mine = new Latencies();
      latencies.add(mine);
      threads.add(Thread.ofPlatform().name("runtask-" + c).start(() -> {
        while (System.nanoTime() < deadline) {
          int n = Math.min(count, budget.getAndAdd(-count));
          if (n <= 0) {
            return;
          }
          long t0 = System.nanoTime();
          try {
            RunTaskResponse response = ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(FAMILY).count(n)
                .startedBy("bench").placementStrategy(s -> s.type(PlacementStrategyType.SPREAD)
                    .field("attribute:ecs.availability-zone")));
            mine.record(System.nanoTime() - t0);
            for (Task t : response.tasks()) {
              placed.put(t.taskArn(), t.containerInstanceArn());
            }
            returned.addAndGet(response.tasks().size());
            unplaced.addAndGet(n - response.tasks().size());
          } catch (RuntimeException e) {
            mine.error();
            firstError.compareAndSet(null, e);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long wall = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuStart;
    if (firstError.get() != null) {
      System.out.println(name + ": first error: " + firstError.get());
    }
    Latencies.Summary summary = Latencies.summarize(name, latencies, wall);
    return new Phase(name, returned.get(), unplaced.get(), summary, cpu);
  }

  /** CPU time of this whole process (server, its store and the SDK callers share it). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  record Phase(String name, int tasks, int unplaced, Latencies.Summary requests, long cpuNanos) {
    double perSecond() {
      return tasks / (requests.wallNanos() / 1e9);
    }

    int errors() {
      return requests.errors();
    }

    /** Process CPU per RunTask call, client and server together. */
    double cpuMillisPerCall() {
      return requests.requests() == 0 ? 0 : cpuNanos / 1e6 / requests.requests();
    }

    @Override
    public String toString() {
      return String.format("%-8s tasks placed: %6d  unplaced: %d  RunTask calls: %5d  errors: %d  wall: %6.2f s  "
          + "placed tasks/s: %6.0f  RunTask p50: %6.2f ms  p99: %6.2f ms  CPU/call: %5.2f ms", name, tasks, unplaced,
          requests.requests(), requests.errors(), requests.wallNanos() / 1e9, perSecond(), requests.p50() / 1e6,
          requests.p99() / 1e6, cpuMillisPerCall());
    }
  }

  private static String median(List<Phase> rounds) {
    double[] rate = rounds.stream().mapToDouble(Phase::perSecond).sorted().toArray();
    long[] p50 = rounds.stream().mapToLong(p -> p.requests().p50()).sorted().toArray();
    long[] p99 = rounds.stream().mapToLong(p -> p.requests().p99()).sorted().toArray();
    double[] cpu = rounds.stream().mapToDouble(Phase::cpuMillisPerCall).sorted().toArray();
    int mid = rounds.size() / 2;
    return String.format("median of %d rounds: placed tasks/s %.0f  RunTask p50 %.2f ms  p99 %.2f ms  "
        + "process CPU per call %.2f ms", rounds.size(), rate[mid], p50[mid] / 1e6, p99[mid] / 1e6, cpu[mid]);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
