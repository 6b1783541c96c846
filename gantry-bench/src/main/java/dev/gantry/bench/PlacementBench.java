package dev.gantry.bench;

import dev.gantry.placement.Constraint;
import dev.gantry.placement.InstancePredicate;
import dev.gantry.placement.query.ClusterQuery;
import dev.gantry.placement.query.QueryPredicates;
import dev.gantry.placement.PlacementEngine;
import dev.gantry.placement.PlacementRequest;
import dev.gantry.placement.PlacementResult;
import dev.gantry.placement.Strategy;
import dev.gantry.placement.TaskDemand;
import dev.gantry.testkit.HollowCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Placement throughput of the pure engine at cluster scale: {@code --tasks} tasks (cpu 256,
 * memory 512) over {@code --instances} hollow instances, in RunTask-sized requests of
 * {@code --count}, each request decided on the cluster as the previous ones left it (its
 * placements committed to the hollow cluster before the next request), as the server does.
 *
 * <p>Every request: spread by {@code attribute:ecs.availability-zone}, then binpack memory,
 * with {@code memberOf(attribute:ecs.instance-type =~ m5.*)}, which half the instances match.
 * The groups rotate over {@code --groups} services. One untimed warmup round, then
 * {@code --rounds} timed rounds, each on a fresh cluster; the median round is reported.
 *
 * <p>Peak heap: the heap memory pools' peak usage is reset after the warmup (and a GC), and
 * their peaks summed at the end. Pools peak at different moments, so the sum is an upper
 * bound of the heap ever in use during the timed rounds.
 */
@Command(name = "placement", mixinStandardHelpOptions = true,
    description = "Placements/s and peak heap of the placement engine over hollow instances.")
final class PlacementBench implements Callable<Integer> {
  /** The bench's memberOf expression, parsed by the cluster query language as RunTask parses it. */
  static final String MEMBER_OF_M5 = "attribute:ecs.instance-type =~ m5.*";
  static final InstancePredicate INSTANCE_TYPE_MATCHES_M5 = QueryPredicates.of(ClusterQuery.parse(MEMBER_OF_M5));

  @Option(names = "--instances", description = "hollow container instances (default ${DEFAULT-VALUE})")
  int instances = 5_000;

  @Option(names = "--tasks", description = "tasks placed per round (default ${DEFAULT-VALUE})")
  int tasks = 100_000;

  @Option(names = "--count", description = "tasks per request, as RunTask's count (default ${DEFAULT-VALUE})")
  int count = 10;

  @Option(names = "--groups", description = "services the requests rotate over (default ${DEFAULT-VALUE})")
  int groups = 10;

  @Option(names = "--rounds", description = "timed rounds; the median is reported (default ${DEFAULT-VALUE})")
  int rounds = 3;

  @Option(names = "--seed", description = "seed of the hollow cluster and of placement (default ${DEFAULT-VALUE})")
  long seed = 42;

  private static final TaskDemand DEMAND = TaskDemand.of(256, 512);

  @Override
  public Integer call() {
    System.out.printf("%d hollow instances (half m5), %d tasks per round in requests of %d over %d groups: "
        + "spread %s, binpack memory, memberOf %s%n", instances, tasks, count, groups,
        Strategy.AVAILABILITY_ZONE, MEMBER_OF_M5);
    Round warmup = round();
    System.out.println("warmup  " + warmup);
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    List<Round> measured = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Round round = round();
      measured.add(round);
      System.out.println("round " + (r + 1) + " " + round);
    }
    long peakBytes = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    double[] rates = measured.stream().mapToDouble(Round::perSecond).sorted().toArray();
    boolean allPlaced = measured.stream().allMatch(r -> r.placed == tasks) && warmup.placed == tasks;
    if (!allPlaced) {
      System.out.println("NOT ALL TASKS PLACED: the cluster is too small for --tasks");
    }
    System.out.printf("placements/s: %.0f%n", rates[rates.length / 2]);
    System.out.printf("peak heap: %.0f MiB%n", peakBytes / (1024.0 * 1024.0));
    return allPlaced ? 0 : 1;
  }

  private PlacementRequest request(int r) {
    return PlacementRequest.of("service:bench-" + (r % groups), Math.min(count, tasks - r * count), DEMAND)
        .withConstraints(List.of(new Constraint.MemberOf(MEMBER_OF_M5, INSTANCE_TYPE_MATCHES_M5)))
        .withStrategies(List.of(new Strategy.Spread(Strategy.AVAILABILITY_ZONE), new Strategy.Binpack(Strategy.Resource.MEMORY)));
  }

  /** Places {@code tasks} on a fresh hollow cluster; wall time includes committing each request. */
  private Round round() {
    HollowCluster cluster = HollowCluster.generate(instances, seed);
    SplittableRandom random = new SplittableRandom(seed);
    int requests = (tasks + count - 1) / count;
    long[] latencies = new long[requests];
    int placed = 0;
    long engineNanos = 0;
    long start = System.nanoTime();
    for (int r = 0; r < requests; r++) {
      PlacementRequest request = request(r);
      long t0 = System.nanoTime();
      PlacementResult result = PlacementEngine.place(request, cluster.snapshot(), random);
      latencies[r] = System.nanoTime() - t0;
      engineNanos += latencies[r];
      cluster.commit(request.group(), request.demand(), result.placements());
      placed += result.placements().size();
      if (result instanceof PlacementResult.Unplaced u) {
        System.out.println("request " + r + ": " + u.detail());
        break;
      }
    }
    long wall = System.nanoTime() - start;
    Arrays.sort(latencies);
    return new Round(placed, requests, wall, engineNanos, latencies[requests / 2], latencies[requests * 99 / 100]);
  }

  record Round(int placed, int requests, long wallNanos, long engineNanos, long p50, long p99) {
    double perSecond() {
      return placed / (wallNanos / 1e9);
    }

    @Override
    public String toString() {
      return String.format("placed: %7d  requests: %6d  wall: %6.2f s (engine %5.2f s)  placements/s: %8.0f  "
          + "request p50: %5.3f ms  p99: %5.3f ms", placed, requests, wallNanos / 1e9, engineNanos / 1e9, perSecond(),
          p50 / 1e6, p99 / 1e6);
    }
  }
}
