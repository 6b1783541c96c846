package dev.gantry.cli;

import java.util.concurrent.CountDownLatch;

/**
 * The request to stop a foreground server: SIGTERM or SIGINT, or {@link #trigger()}.
 *
 * <p>Why own the signals: the JVM's default handling of SIGTERM/SIGINT runs the shutdown hooks
 * and then exits with status 143/130, which service managers and scripts report as a failure.
 * Handling them here lets the main thread close the server and return status 0. Where the
 * platform does not offer a signal, the caller's shutdown hook still closes the server.
 */
final class StopSignal {
  private final CountDownLatch stop = new CountDownLatch(1);

  private StopSignal() {}

  /** A signal triggered by SIGTERM and SIGINT (as far as the platform supports them). */
  static StopSignal onTermination() {
    StopSignal signal = new StopSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), received -> signal.trigger());
      } catch (IllegalArgumentException unsupported) {
        // e.g. TERM on some Windows JVMs, or the JVM runs with -Xrs: the shutdown hook covers it
      }
    }
    return signal;
  }

  /** A signal only {@link #trigger()} fires, for embedding and tests. */
  static StopSignal manual() {
    return new StopSignal();
  }

  void trigger() {
    stop.countDown();
  }

  void await() throws InterruptedException {
    stop.await();
  }
}
