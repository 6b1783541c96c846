package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.AgentProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * Service scenarios with one agent inside a network namespace whose only link to the server is
 * a veth pair that the test cuts and heals. The server listens on the host end of that link, so
 * the namespace is made before the server starts. Agents started in it are closed after the
 * class, while it still exists; then it is removed, pass or fail; containers go with
 * AgentTestBase. Needs root and `ip netns` besides Docker; skipped with the reason otherwise.
 */
abstract class PartitionTestBase extends ServiceTestBase {
  /** The register()ed task definitions' stopTimeout. */
  protected static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
  protected NetworkNamespace network;
  private final List<AgentProcess> namespaced = new ArrayList<>();

  /** The server's fencing margin for this scenario. */
  protected abstract Duration fencingMargin();

  @Override
  protected ServerConfig serverConfig(ServerConfig defaults) {
    Optional<String> why = NetworkNamespace.unavailableReason();
    why.ifPresent(w -> System.err.println("SKIPPED " + getClass().getSimpleName() + ": it needs a network namespace: "
        + w));
    Assumptions.assumeTrue(why.isEmpty(), () -> "a partition scenario needs a network namespace: " + why.orElse(""));
    network = NetworkNamespace.create();
    ServerConfig c = super.serverConfig(defaults);
    return new ServerConfig(new InetSocketAddress(network.hostAddress(), 0), c.dataDir(), c.region(), c.accountId(),
        c.rootAccessKeyId(), c.rootSecretAccessKey(), c.agentLivenessTtl(),
        c.scheduler().withFencingMargin(fencingMargin()));
  }

  @AfterAll
  void removeNetwork() throws Exception {
    try {
      for (AgentProcess a : namespaced.reversed()) {
        a.close();
      }
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }

  /** Starts an agent inside the namespace, on another thread (the caller starts other hosts meanwhile). */
  protected CompletableFuture<AgentProcess> startInNamespace(Map<String, String> environment) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        AgentProcess agent = startAgent(network.launcher(), environment);
        synchronized (namespaced) {
          namespaced.add(agent);
        }
        return agent;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** dockerd's State of the task's one container. */
  protected static JsonNode state(String taskArn) {
    List<String> ids = DockerCli.idsWithLabel(DockerCli.TASK_ARN_LABEL, taskArn);
    assertThat(ids).as("containers of " + taskArn).hasSize(1);
    return DockerCli.inspect(ids.getFirst()).path("State");
  }
}
