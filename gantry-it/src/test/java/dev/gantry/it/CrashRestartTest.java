package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testkit.ModelValidatingInterceptor;
import dev.gantry.testkit.ValidatingEcsClient;
import dev.gantry.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** What the server acknowledged before a kill -9 is there after the restart. */
class CrashRestartTest {
  private static final String KEY = "AKIACRASHTEST0000001";
  private static final String SECRET = "crash-test-secret-crash-test-secret-0001";
  private final List<ModelValidatingInterceptor> validators = new CopyOnWriteArrayList<>();
  private Path dataDir;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("gantry-crash-");
  }

  @AfterEach
  void cleanUp() {
    validators.forEach(ModelValidatingInterceptor::assertNoProblems);
    TempDirs.delete(dataDir);
  }

  private EcsClient client(ServerProcess server) {
    ValidatingEcsClient client = ValidatingEcsClient.create(server.endpoint(), KEY, SECRET);
    validators.add(client.validator());
    return client.ecs();
  }

  private static RegisterTaskDefinitionRequest revisionOf(String family) {
    return RegisterTaskDefinitionRequest.builder().family(family)
        .containerDefinitions(ContainerDefinition.builder().name("app").image("gantry-test/busybox").memory(32).build())
        .build();
  }

  @Test
  void everyAcknowledgedWriteSurvivesKillDashNineDuringWrites() throws Exception {
    List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    try (ServerProcess server = ServerProcess.start(dataDir, KEY, SECRET); EcsClient ecs = client(server)) {
      ecs.createCluster(r -> r.clusterName("survivor"));
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch enoughAcknowledged = new CountDownLatch(60);
      Thread writer = Thread.ofPlatform().start(() -> {
        while (!stop.get() && acknowledged.size() < 2_000) {
          try {
            acknowledged.add(ecs.registerTaskDefinition(revisionOf("durable")).taskDefinition().revision());
            enoughAcknowledged.countDown();
          } catch (RuntimeException connectionLost) {
            return;
          }
        }
      });
      // Kill while the writer is mid-stream: some request is in flight at that moment.
      assertThat(enoughAcknowledged.await(60, TimeUnit.SECONDS)).as("60 writes acknowledged").isTrue();
      server.kill();
      stop.set(true);
      writer.join();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(60);
    try (ServerProcess server = ServerProcess.start(dataDir, KEY, SECRET); EcsClient ecs = client(server)) {
      assertThat(ecs.describeClusters(r -> r.clusters("survivor")).clusters()).singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
      for (int revision : acknowledged) {
        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("durable:" + revision)).taskDefinition().revision())
            .isEqualTo(revision);
      }
      int last = acknowledged.stream().mapToInt(Integer::intValue).max().orElseThrow();
      int next = ecs.registerTaskDefinition(revisionOf("durable")).taskDefinition().revision();
      assertThat(next).as("a revision acknowledged or not, never handed out twice").isGreaterThan(last);
    }
  }

  @Test
  void sigtermShutsDownCleanlyAndKeepsData() throws Exception {
    try (ServerProcess server = ServerProcess.start(dataDir, KEY, SECRET); EcsClient ecs = client(server)) {
      ecs.registerTaskDefinition(revisionOf("graceful"));
      assertThat(server.terminate()).as("exit code after SIGTERM; output:\n" + server.output()).isZero();
    }
    try (ServerProcess server = ServerProcess.start(dataDir, KEY, SECRET); EcsClient ecs = client(server)) {
      assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("graceful")).taskDefinition().revision()).isEqualTo(1);
    }
  }
}
