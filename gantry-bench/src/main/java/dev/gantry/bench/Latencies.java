package dev.gantry.bench;

import java.util.Arrays;

/**
 * Latencies of one load phase. Each client thread records into its own array (no sharing on
 * the hot path); the phase merges them once at the end.
 */
final class Latencies {
  private long[] nanos = new long[1 << 14];
  private int count;
  private int errors;

  void record(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  void error() {
    errors++;
  }

  static Summary summarize(String phase, Iterable<Latencies> perClient, long wallNanos) {
    int total = 0;
    int errors = 0;
    for (Latencies l : perClient) {
      total += l.count;
      errors += l.errors;
    }
    long[] all = new long[total];
    int at = 0;
    for (Latencies l : perClient) {
      System.arraycopy(l.nanos, 0, all, at, l.count);
      at += l.count;
    }
    Arrays.sort(all);
    return new Summary(phase, total, errors, wallNanos, percentile(all, 0.50), percentile(all, 0.99), percentile(all, 1.0));
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The median of each figure over rounds measured alike (rounds are noisy on a shared machine). */
  static String median(String phase, java.util.List<Summary> rounds) {
    double[] throughput = rounds.stream().mapToDouble(Summary::perSecond).sorted().toArray();
    long[] p50 = rounds.stream().mapToLong(Summary::p50).sorted().toArray();
    long[] p99 = rounds.stream().mapToLong(Summary::p99).sorted().toArray();
    int requests = rounds.stream().mapToInt(Summary::requests).sum();
    int errors = rounds.stream().mapToInt(Summary::errors).sum();
    int mid = rounds.size() / 2;
    return String.format("%-9s median of %d rounds (%d requests, %d errors): throughput %.0f req/s  p50 %.2f ms  p99 %.2f ms",
        phase, rounds.size(), requests, errors, throughput[mid], p50[mid] / 1e6, p99[mid] / 1e6);
  }

  record Summary(String phase, int requests, int errors, long wallNanos, long p50, long p99, long max) {
    double perSecond() {
      return requests / (wallNanos / 1e9);
    }

    @Override
    public String toString() {
      return String.format("%-9s requests: %7d  errors: %d  wall: %6.2f s  throughput: %8.0f req/s  p50: %6.2f ms  p99: %6.2f ms  max: %7.2f ms",
          phase, requests, errors, wallNanos / 1e9, perSecond(), p50 / 1e6, p99 / 1e6, max / 1e6);
    }
  }
}
