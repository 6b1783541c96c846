package dev.gantry.bench;

import dev.gantry.store.Compare;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Op;
import dev.gantry.store.SqliteStateStore;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Durable write throughput of the embedded store alone, in the shape of a registration: read a
 * per-writer counter key, then one txn that compares it and puts a new record plus the counter.
 * Run with 1 writer and with N side by side, which shows what group commit buys.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Durable txn/s and latency of the SQLite store, 1 writer vs N writers.")
final class StoreBench implements Callable<Integer> {
  @Option(names = "--writers", description = "concurrent writers of the second run (default ${DEFAULT-VALUE})")
  int writers = 16;

  @Option(names = "--txns", description = "txns per run (default ${DEFAULT-VALUE})")
  int txns = 8_000;

  @Option(names = "--value-bytes", description = "size of each record put (default ${DEFAULT-VALUE})")
  int valueBytes = 2_000;

  @Override
  public Integer call() throws Exception {
    for (int n : new int[] {1, writers}) {
      Path dir = Files.createTempDirectory("gantry-store-bench-");
      try (StateStore store = SqliteStateStore.open(dir.resolve("gantry.db"), Clock.systemUTC())) {
        run(store, Math.min(n, txns), 500);
        System.out.println(run(store, n, txns));
      } finally {
        try (var paths = Files.walk(dir)) {
          for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
    return 0;
  }

  private String run(StateStore store, int n, int total) throws InterruptedException {
    byte[] value = new byte[valueBytes];
    Arrays.fill(value, (byte) 'x');
    List<Latencies> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < n; w++) {
      Latencies latencies = new Latencies();
      results.add(latencies);
      String counter = "/bench/" + w + "/counter";
      int count = total / n;
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < count; i++) {
          long t0 = System.nanoTime();
          Optional<KeyValue> current = store.get(counter);
          Compare guard = current.map(Compare::unchanged).orElse(Compare.absent(counter));
          String key = counter.replace("counter", "r" + System.nanoTime());
          if (store.txn(new Txn(List.of(guard), List.of(Op.put(key, value), Op.put(counter, value)))).succeeded()) {
            latencies.record(System.nanoTime() - t0);
          } else {
            latencies.error();
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    Latencies.Summary s = Latencies.summarize(n + " writer" + (n == 1 ? "" : "s"), results, System.nanoTime() - start);
    return String.format("%-11s durable txn/s: %6.0f  p50: %5.2f ms  p99: %5.2f ms  (%d txns, %d failed)",
        s.phase(), s.perSecond(), s.p50() / 1e6, s.p99() / 1e6, s.requests(), s.errors());
  }
}
