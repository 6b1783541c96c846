package dev.gantry.agent.engine;

import dev.gantry.agent.engine.ContainerRuntime.ContainerEvent;
import dev.gantry.agent.engine.ContainerRuntime.ContainerEventStream;
import dev.gantry.agent.engine.ContainerRuntime.RuntimeFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's one subscription to the container engine's events about this instance's
 * containers, on its own thread, so that workers look at a container when something happened to
 * it instead of inspecting it on a timer.
 *
 * <p>Events are a hint, never the truth: while the subscription is down, events are lost. So
 * each time it (re)opens, {@code opened} runs once (the engine has every worker look at all its
 * containers again), and a subscription that fails or ends is opened again after a backoff that
 * doubles from {@code initialBackoff} up to {@code maxBackoff}, back to the start once a stream
 * has lasted {@code maxBackoff}, so a dockerd that keeps dropping the stream is not hammered.
 */
final class ContainerEventWatch implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ContainerEventWatch.class.getName());

  private final ContainerRuntime runtime;
  private final String label;
  private final String value;
  private final Consumer<ContainerEvent> dispatch;
  private final Runnable opened;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Object lock = new Object();
  private Optional<ContainerEventStream> current = Optional.empty();
  private boolean closed;

  ContainerEventWatch(ContainerRuntime runtime, String label, String value, Consumer<ContainerEvent> dispatch,
      Runnable opened, Duration initialBackoff, Duration maxBackoff) {
    this.runtime = runtime;
    this.label = label;
    this.value = value;
    this.dispatch = dispatch;
    this.opened = opened;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  @Override
  public void run() {
    Duration backoff = initialBackoff;
    while (!isClosed()) {
      long began = System.nanoTime();
      try {
        follow();
      } catch (RuntimeFailure e) {
        LOG.log(System.Logger.Level.WARNING, "Container events: " + e.getMessage() + "; subscribing again in "
            + backoff.toMillis() + " ms");
      }
      if (System.nanoTime() - began >= maxBackoff.toNanos()) {
        backoff = initialBackoff;
      }
      if (!pause(backoff)) {
        return;
      }
      backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  /** One subscription, until it ends, breaks or the watch is closed. */
  private void follow() {
    ContainerEventStream stream = runtime.events(label, value);
    synchronized (lock) {
      if (closed) {
        stream.close();
        return;
      }
      current = Optional.of(stream);
    }
    try {
      opened.run();
      Optional<ContainerEvent> event;
      while ((event = stream.next()).isPresent()) {
        dispatch.accept(event.get());
      }
    } finally {
      synchronized (lock) {
        current = Optional.empty();
      }
      stream.close();
    }
  }

  /** Waits {@code backoff} unless closed meanwhile; false when closed. */
  private boolean pause(Duration backoff) {
    synchronized (lock) {
      long deadline = System.nanoTime() + backoff.toNanos();
      long left;
      while (!closed && (left = deadline - System.nanoTime()) > 0) {
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !closed;
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  @Override
  public void close() {
    Optional<ContainerEventStream> open;
    synchronized (lock) {
      closed = true;
      open = current;
      lock.notifyAll();
    }
    open.ifPresent(ContainerEventStream::close);
  }
}
