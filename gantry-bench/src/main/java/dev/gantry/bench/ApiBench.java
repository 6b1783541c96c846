package dev.gantry.bench;

import dev.gantry.testkit.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * API throughput of the control plane: a fresh `gantry server` process, then N concurrent
 * clients sending SigV4-signed ECS JSON requests over keep-alive connections. Phase one
 * registers the revisions (measuring RegisterTaskDefinition); phase two describes random
 * revisions and families among them for a fixed time (measuring DescribeTaskDefinition).
 * Each phase reports requests/s over its wall time and latency percentiles over all calls.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
    description = "RegisterTaskDefinition and DescribeTaskDefinition throughput and latency through the API.")
final class ApiBench implements Callable<Integer> {
  @Option(names = "--clients", description = "concurrent signed clients (default ${DEFAULT-VALUE})")
  int clients = 16;

  @Option(names = "--revisions", description = "task-definition revisions to register (default ${DEFAULT-VALUE})")
  int revisions = 10_000;

  @Option(names = "--families", description = "families the revisions are spread over (default ${DEFAULT-VALUE})")
  int families = 16;

  @Option(names = "--describe-seconds", description = "length of each describe round (default ${DEFAULT-VALUE})")
  int describeSeconds = 5;

  @Option(names = "--rounds", description = "measured rounds per phase; medians are reported (default ${DEFAULT-VALUE})")
  int rounds = 5;

  @Option(names = "--warmup-seconds", description = "untimed load before each phase, so that the server's JIT "
      + "has compiled the hot paths (default ${DEFAULT-VALUE})")
  int warmupSeconds = 15;

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("gantry-bench-");
    String keyId = "AKIABENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    try (ServerProcess server = ServerProcess.start(dataDir, keyId, secret)) {
      SignedEcsClient ecs = new SignedEcsClient(server.endpoint(), keyId, secret, "us-east-1");
      System.out.printf("server %s, %d clients, %d revisions over %d families, data in %s%n",
          server.endpoint(), clients, revisions, families, dataDir);
      // Reported, not counted: the same load while the JIT is still compiling (a fresh server).
      Latencies.Summary cold = report(runFor("cold", warmupSeconds, c -> () -> ecs.call("RegisterTaskDefinition",
          register("warmup-" + c))));
      List<Latencies.Summary> registered = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        int count = revisions / rounds + (round < revisions % rounds ? 1 : 0);
        registered.add(report(runCount("register", count, c -> () -> ecs.call("RegisterTaskDefinition",
            register("bench-" + (c % families))))));
      }
      int perFamily = revisions / families;
      runFor("warmup", warmupSeconds, c -> describer(ecs, perFamily, c));
      List<Latencies.Summary> described = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        described.add(report(runFor("describe", describeSeconds, c -> describer(ecs, perFamily, c))));
      }
      System.out.println("cold      (first " + warmupSeconds + " s after start, RegisterTaskDefinition): "
          + String.format("throughput %.0f req/s  p50 %.2f ms  p99 %.2f ms", cold.perSecond(), cold.p50() / 1e6,
          cold.p99() / 1e6));
      System.out.println(Latencies.median("register", registered));
      System.out.println(Latencies.median("describe", described));
      int errors = cold.errors() + registered.stream().mapToInt(Latencies.Summary::errors).sum()
          + described.stream().mapToInt(Latencies.Summary::errors).sum();
      return errors == 0 ? 0 : 1;
    } finally {
      deleteRecursively(dataDir);
    }
  }

  private static Latencies.Summary report(Latencies.Summary round) {
    System.out.println("  round " + round);
    return round;
  }

  /** Three in four describes name a revision, one in four a family (its latest ACTIVE revision). */
  private Runnable describer(SignedEcsClient ecs, int perFamily, int client) {
    SplittableRandom random = new SplittableRandom(client);
    return () -> {
      int family = random.nextInt(families);
      String ref = random.nextInt(4) == 0 ? "bench-" + family : "bench-" + family + ":" + (1 + random.nextInt(perFamily));
      ecs.call("DescribeTaskDefinition", "{\"taskDefinition\":\"" + ref + "\"}");
    };
  }

  private static String register(String family) {
    return """
        {"family":"%s","networkMode":"bridge","containerDefinitions":[{"name":"web","image":"gantry-demo/web:1",\
        "cpu":256,"memory":128,"essential":true,"portMappings":[{"containerPort":8080,"hostPort":0,"protocol":"tcp"}],\
        "environment":[{"name":"GREETING","value":"hello from gantry"}],"stopTimeout":5,\
        "healthCheck":{"command":["CMD-SHELL","wget -q -O - http://127.0.0.1:8080/ || exit 1"],\
        "interval":10,"timeout":5,"retries":3,"startPeriod":5}}]}""".formatted(family);
  }

  private Latencies.Summary runCount(String phase, int total, IntFunction<Runnable> work) throws InterruptedException {
    return run(phase, c -> total / clients + (c < total % clients ? 1 : 0), Long.MAX_VALUE, work);
  }

  private Latencies.Summary runFor(String phase, int seconds, IntFunction<Runnable> work) throws InterruptedException {
    return run(phase, c -> Integer.MAX_VALUE, System.nanoTime() + seconds * 1_000_000_000L, work);
  }

  private Latencies.Summary run(String phase, IntFunction<Integer> countOf, long deadline, IntFunction<Runnable> work)
      throws InterruptedException {
    List<Latencies> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Latencies latencies = new Latencies();
      results.add(latencies);
      Runnable call = work.apply(c);
      int count = countOf.apply(c);
      threads.add(Thread.ofPlatform().name("client-" + c).start(() -> {
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
          long t0 = System.nanoTime();
          try {
            call.run();
            latencies.record(System.nanoTime() - t0);
          } catch (RuntimeException e) {
            latencies.error();
            firstError.compareAndSet(null, e);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (firstError.get() != null) {
      System.out.println(phase + ": first error: " + firstError.get().getMessage());
    }
    return Latencies.summarize(phase, results, System.nanoTime() - start);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
