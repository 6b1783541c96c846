package dev.gantry.agent.engine;

import dev.gantry.agent.docker.create.ContainerCreateConfig;
import dev.gantry.agent.docker.create.ContainerLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * An in-memory container engine for engine tests that need what no local dockerd has (a Windows
 * image's OS build): every image is present, containers run until stopped, and each call is
 * counted. Pulls change nothing; a test may hold them at a gate or make them fail. The image OS versions are the test's to set.
 * Events: a test makes a container exit with or without telling the subscribers ({@link #exit}),
 * breaks the subscriptions ({@link #breakEvents}) and sees how often the engine subscribed.
 */
final class FakeContainerRuntime implements ContainerRuntime {
  private final Map<String, Optional<String>> osVersions;
  private final Map<String, ContainerView> containers = new HashMap<>();
  private final List<String> imageInspects = new ArrayList<>();
  private final List<ContainerCreateConfig> created = new ArrayList<>();
  private Optional<RuntimeFailure> inspectFailure = Optional.empty();
  private int inspectFailuresLeft;
  private final List<String> pulls = new ArrayList<>();
  private final List<String> stops = new ArrayList<>();
  private volatile CountDownLatch pullGate = new CountDownLatch(0);
  private volatile Optional<RuntimeFailure> pullFailure = Optional.empty();
  private final List<String> inspects = new ArrayList<>();
  private final List<FakeEventStream> streams = new ArrayList<>();
  private int subscriptions;
  private final CountDownLatch listening = new CountDownLatch(1);

  /** @param osVersions each image's OsVersion; an image not named here has none (a Linux image) */
  FakeContainerRuntime(Map<String, Optional<String>> osVersions) {
    this.osVersions = Map.copyOf(osVersions);
  }

  /** The next {@code times} image inspects fail with {@code failure}. */
  synchronized void failImageInspects(RuntimeFailure failure, int times) {
    inspectFailure = Optional.of(failure);
    inspectFailuresLeft = times;
  }

  /** Pulls from now on wait until {@code gate} opens. */
  void holdPulls(CountDownLatch gate) {
    pullGate = gate;
  }

  /** Pulls from now on fail with {@code failure}. */
  void failPulls(RuntimeFailure failure) {
    pullFailure = Optional.of(failure);
  }

  /** The images Docker was asked to pull, one entry per pull. */
  synchronized List<String> pulls() {
    return List.copyOf(pulls);
  }

  synchronized List<String> imageInspects() {
    return List.copyOf(imageInspects);
  }

  synchronized List<ContainerCreateConfig> created() {
    return List.copyOf(created);
  }

  @Override
  public boolean imageExists(String image) {
    return true;
  }

  @Override
  public void pull(String image) {
    synchronized (this) {
      pulls.add(image);
    }
    boolean interrupted = false;
    while (true) {
      try {
        pullGate.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    pullFailure.ifPresent(f -> {
      throw f;
    });
  }

  @Override
  public synchronized Optional<String> imageOsVersion(String image) {
    imageInspects.add(image);
    if (inspectFailuresLeft > 0) {
      inspectFailuresLeft--;
      throw inspectFailure.orElseThrow();
    }
    return osVersions.getOrDefault(image, Optional.empty());
  }

  @Override
  public synchronized String create(String name, ContainerCreateConfig config) {
    String id = "fake-" + (created.size() + 1);
    created.add(config);
    containers.put(id, view(id, name, "created", OptionalInt.empty(), Optional.empty(),
        config.labels() == null ? Map.of() : config.labels()));
    return id;
  }

  @Override
  public synchronized void start(String id) {
    ContainerView v = containers.get(id);
    containers.put(id, view(id, v.name(), "running", OptionalInt.empty(), Optional.of(Instant.now()), v.labels()));
  }

  /** Each stop asked for, as {@code <id> <timeout>}. */
  synchronized List<String> stops() {
    return List.copyOf(stops);
  }

  /** Puts a container as Docker would list it, for adoption and fencing tests. */
  synchronized void put(String id, String state, Map<String, String> labels) {
    containers.put(id, view(id, "ecs-" + id, state, OptionalInt.empty(), Optional.empty(), labels));
  }

  @Override
  public synchronized void stop(String id, Duration timeout) {
    stops.add(id + " " + timeout);
    ContainerView v = containers.get(id);
    if (v != null && v.running()) {
      containers.put(id, view(id, v.name(), "exited", OptionalInt.of(0), v.startedAt(), v.labels()));
    }
  }

  @Override
  public synchronized Optional<ContainerView> inspect(String id) {
    inspects.add(id);
    return Optional.ofNullable(containers.get(id));
  }

  /** The containers inspected so far, one entry per inspect. */
  synchronized List<String> inspects() {
    return List.copyOf(inspects);
  }

  /** Ids of the containers made for a task, by its ARN label. */
  synchronized List<String> containersOf(String taskArn) {
    return containers.values().stream().filter(v -> taskArn.equals(v.labels().get(ContainerLabels.TASK_ARN)))
        .map(ContainerView::id).toList();
  }

  /** The container exits with {@code code}; a {@code die} event tells the subscribers, if {@code told}. */
  synchronized void exit(String id, int code, boolean told) {
    ContainerView v = containers.get(id);
    containers.put(id, view(id, v.name(), "exited", OptionalInt.of(code), v.startedAt(), v.labels()));
    if (told) {
      ContainerEvent e = new ContainerEvent(id, "die", v.labels());
      streams.forEach(s -> s.offer(e));
    }
  }

  /** Every open subscription breaks, as when dockerd restarts. */
  synchronized void breakEvents() {
    streams.forEach(s -> s.offer(FakeEventStream.BROKEN));
    streams.clear();
  }

  /** How often the engine subscribed to events. */
  synchronized int subscriptions() {
    return subscriptions;
  }

  /** Waits until a subscriber reads its first event: it has done what it does on subscribing. */
  boolean awaitListening(Duration timeout) throws InterruptedException {
    return listening.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized ContainerEventStream events(String label, String value) {
    subscriptions++;
    FakeEventStream s = new FakeEventStream(label, value, listening);
    streams.add(s);
    return s;
  }

  /** One subscription: events queued by the runtime, read by the engine's watch. */
  private static final class FakeEventStream implements ContainerEventStream {
    static final ContainerEvent BROKEN = new ContainerEvent("", "broken", Map.of());
    static final ContainerEvent END = new ContainerEvent("", "end", Map.of());
    private final String label;
    private final String value;
    private final CountDownLatch listening;
    private final java.util.concurrent.BlockingQueue<ContainerEvent> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();

    FakeEventStream(String label, String value, CountDownLatch listening) {
      this.label = label;
      this.value = value;
      this.listening = listening;
    }

    void offer(ContainerEvent e) {
      if (e == BROKEN || value.equals(e.labels().get(label))) {
        queue.add(e);
      }
    }

    @Override
    public Optional<ContainerEvent> next() {
      listening.countDown();
      try {
        ContainerEvent e = queue.take();
        if (e == BROKEN) {
          throw new RuntimeFailure("the event stream broke", 0, null);
        }
        return e == END ? Optional.empty() : Optional.of(e);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    @Override
    public void close() {
      queue.add(END);
    }
  }

  @Override
  public synchronized List<ContainerView> list(String label, String value) {
    return containers.values().stream().filter(v -> value.equals(v.labels().get(label))).toList();
  }

  @Override
  public synchronized void remove(String id) {
    containers.remove(id);
  }

  private static ContainerView view(String id, String name, String state, OptionalInt exit,
      Optional<Instant> startedAt, Map<String, String> labels) {
    return new ContainerView(id, name, state, exit, startedAt, Optional.empty(), Optional.empty(), Optional.empty(),
        labels, List.of());
  }
}
