package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.create.ContainerCreateConfig;
import dev.gantry.agent.engine.ContainerRuntime.ContainerEvent;
import dev.gantry.agent.engine.ContainerRuntime.ContainerEventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DockerContainerRuntime#events} against the real dockerd: the subscription sees the
 * start, death and removal of a container with its label, nothing of containers without it, and
 * a close from another thread ends a read that is waiting, on a virtual or (as the engine reads)
 * a platform thread.
 */
class DockerEventStreamTest {
  private static final Path SOCKET = Path.of("/var/run/docker.sock");
  private static final String BUSYBOX = "gantry-test/busybox:latest";
  private static final String LABEL = "dev.gantry.test.events";

  private static DockerEngineClient docker;
  private static DockerContainerRuntime runtime;

  @BeforeAll
  static void dockerAnswers() {
    assumeTrue(Files.exists(SOCKET), "no Docker daemon at " + SOCKET + " (scripts/test starts one)");
    docker = DockerEngineClient.connect("unix://" + SOCKET);
    runtime = new DockerContainerRuntime(docker);
    assumeTrue(runtime.imageExists(BUSYBOX), "test image missing (scripts/test builds it from docker/test-images)");
  }

  @AfterAll
  static void closeDocker() {
    if (docker != null) {
      docker.close();
    }
  }

  @Test
  void subscriptionSeesStartDieAndDestroyOfLabelledContainersOnly() throws Exception {
    String mine = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    String other = run(LABEL, "not-" + mine, "true");
    try (ContainerEventStream stream = runtime.events(LABEL, mine)) {
      String id = run(LABEL, mine, "true");
      List<ContainerEvent> seen = new ArrayList<>();
      while (seen.stream().noneMatch(e -> e.action().equals("die"))) {
        Optional<ContainerEvent> e = CompletableFuture.supplyAsync(stream::next).get(20, TimeUnit.SECONDS);
        assertThat(e).isPresent();
        seen.add(e.get());
      }
      runtime.remove(id);
      seen.add(CompletableFuture.supplyAsync(stream::next).get(20, TimeUnit.SECONDS).orElseThrow());
      assertThat(seen).extracting(ContainerEvent::action).containsExactly("start", "die", "destroy");
      assertThat(seen).allSatisfy(e -> {
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.labels()).containsEntry(LABEL, mine);
      });
    } finally {
      runtime.remove(other);
    }
  }

  @ParameterizedTest(name = "reader on a virtual thread: {0}")
  @ValueSource(booleans = {true, false})
  void closeEndsAReadWaitingOnAnotherThread(boolean virtual) throws Exception {
    ContainerEventStream stream = runtime.events(LABEL, "nothing-" + System.nanoTime());
    CompletableFuture<Optional<ContainerEvent>> reading = new CompletableFuture<>();
    Runnable read = () -> reading.complete(stream.next());
    Thread reader = virtual ? Thread.ofVirtual().start(read) : Thread.ofPlatform().daemon().start(read);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reader.isAlive() && Arrays.stream(reader.getStackTrace())
        .noneMatch(f -> f.getClassName().equals("sun.nio.ch.SocketChannelImpl"))) {
      assertThat(System.nanoTime()).as("the reader waits in the socket").isLessThan(deadline);
      Thread.onSpinWait();
    }
    stream.close();
    assertThat(reading.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void closeBeforeAnyReadReturnsAtOnce() throws Exception {
    ContainerEventStream stream = runtime.events(LABEL, "nothing-" + System.nanoTime());
    Thread closing = Thread.ofVirtual().start(stream::close);
    assertThat(closing.join(java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(stream.next()).isEmpty();
  }

  /** `docker run` of busybox with one label and a command that ends at once; returns the id. */
  private static String run(String label, String value, String command) {
    String id = runtime.create("gantry-events-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()),
        new ContainerCreateConfig(BUSYBOX, null, List.of(command), null, null, null, null, Map.of(label, value), null,
            null, null, null, null, null, null));
    runtime.start(id);
    return id;
  }
}
