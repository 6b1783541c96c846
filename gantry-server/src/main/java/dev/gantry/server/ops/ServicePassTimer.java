package dev.gantry.server.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * How long the scheduler took to reconcile one service (every attempt of it, lost races
 * included), kept for the latest {@link #KEPT} services reconciled so that a benchmark or an
 * operator can read the distribution without a metrics library. Recording is one synchronized
 * array store per service, negligible beside the pass it times.
 */
final class ServicePassTimer {
  static final int KEPT = 1 << 14;

  private final long[] nanos = new long[KEPT];
  private long recorded;

  synchronized void record(long elapsedNanos) {
    nanos[(int) (recorded % KEPT)] = elapsedNanos;
    recorded++;
  }

  synchronized ServiceController.PassTimes snapshot() {
    int kept = (int) Math.min(recorded, KEPT);
    List<Long> recent = new ArrayList<>(kept);
    for (long i = recorded - kept; i < recorded; i++) {
      recent.add(nanos[(int) (i % KEPT)]);
    }
    return new ServiceController.PassTimes(recorded, List.copyOf(recent));
  }
}
