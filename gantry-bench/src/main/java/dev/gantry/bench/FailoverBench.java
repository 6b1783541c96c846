package dev.gantry.bench;

import dev.gantry.testkit.AgentProcess;
import dev.gantry.testkit.ServerProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Failover time: a `gantry server` process with its default timings (liveness TTL 10 s, replace
 * grace 5 s) and three `gantry agent` processes standing for three hosts on this machine's
 * dockerd; a service of 6 tasks (2 per host); one agent gets SIGKILL (its containers keep
 * running, as on a host that vanished from the network). Measured: seconds from the SIGKILL
 * until DescribeTasks shows 6 tasks RUNNING on the two other hosts. Everything started is
 * stopped and every container removed afterwards, whatever happens.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
    description = "Seconds until a 6-task service runs 6 again after one of its 3 agents gets SIGKILL.")
final class FailoverBench implements Callable<Integer> {
  private static final String IMAGE = "gantry-test/busybox:latest";
  private static final String CLUSTER = "bench-failover";
  private static final String SERVICE = "failover";
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  @Option(names = "--tasks", description = "tasks of the service (default ${DEFAULT-VALUE})")
  int tasks = 6;

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("gantry-bench-failover-");
    List<Path> agentDirs = new ArrayList<>();
    List<AgentProcess> agents = new ArrayList<>();
    String keyId = "AKIABENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    try (ServerProcess server = ServerProcess.start(dataDir, keyId, secret);
        ValidatingEcsClient client = ValidatingEcsClient.create(server.endpoint(), keyId, secret)) {
      EcsClient ecs = client.ecs();
      ecs.createCluster(r -> r.clusterName(CLUSTER));
      try {
        List<CompletableFuture<AgentProcess>> starting = new ArrayList<>();
        for (int i = 0; i < ZONES.size(); i++) {
          Path agentDir = Files.createTempDirectory("gantry-bench-agent-");
          agentDirs.add(agentDir);
          Map<String, String> env = agentEnvironment(server, keyId, secret, agentDir, "failover-" + i, ZONES.get(i));
          starting.add(CompletableFuture.supplyAsync(() -> start(env)));
        }
        RuntimeException failed = null;
        for (CompletableFuture<AgentProcess> agent : starting) {
          try {
            agents.add(agent.join()); // every started agent is collected, so every one is stopped
          } catch (RuntimeException e) {
            failed = e;
          }
        }
        if (failed != null) {
          throw failed;
        }
        measure(ecs, agents);
        client.assertNoProblems();
      } finally {
        for (AgentProcess agent : agents) {
          agent.close();
        }
        agents.forEach(a -> DockerCommand.removeInstanceContainers(a.containerInstanceArn()));
      }
    } finally {
      delete(dataDir);
      for (Path dir : agentDirs) {
        delete(dir);
      }
    }
    return 0;
  }

  private void measure(EcsClient ecs, List<AgentProcess> agents) throws Exception {
    String definition = ecs.registerTaskDefinition(r -> r.family("bench-failover").containerDefinitions(c -> c
        .name("app").image(IMAGE).memory(16).essential(true).command("sleep", "3600").stopTimeout(2)))
        .taskDefinition().taskDefinitionArn();
    ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(definition).desiredCount(tasks));
    ServiceTasks view = new ServiceTasks(ecs, CLUSTER, SERVICE);
    view.awaitTasks(tasks + " tasks RUNNING", 120, 100, t -> ServiceTasks.running(t) == tasks);
    String lost = agents.getFirst().containerInstanceArn();
    long onLost = view.tasks().stream().filter(t -> lost.equals(t.containerInstanceArn())).count();
    System.out.printf("%d tasks RUNNING on %d agents (%d on the one to be killed); SIGKILL to agent %s%n", tasks,
        agents.size(), onLost, lost);

    long killed = System.nanoTime();
    agents.getFirst().kill();
    long disconnected = awaitDisconnected(ecs, lost);
    long back = view.awaitTasks(tasks + " tasks RUNNING on the other agents", 180, 100,
        t -> t.stream().filter(task -> "RUNNING".equals(task.lastStatus())
            && !lost.equals(task.containerInstanceArn())).count() == tasks);
    System.out.printf("agentConnected false after          %6.1f s%n", (disconnected - killed) / 1e9);
    System.out.printf("failover: %d tasks RUNNING again after %6.1f s (server defaults: liveness TTL 10 s, grace 5 s)%n",
        tasks, (back - killed) / 1e9);
    ecs.deleteService(r -> r.cluster(CLUSTER).service(SERVICE).force(true));
  }

  private static long awaitDisconnected(EcsClient ecs, String instance) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean connected = ecs.describeContainerInstances(r -> r.cluster(CLUSTER).containerInstances(instance))
          .containerInstances().getFirst().agentConnected();
      if (!connected) {
        return System.nanoTime();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the killed agent's instance still showed agentConnected after 120 s");
  }

  static Map<String, String> agentEnvironment(ServerProcess server, String keyId, String secret, Path agentDir,
      String host, String zone) {
    Map<String, String> env = new HashMap<>();
    env.put("GANTRY_SERVER", server.endpoint().toString());
    env.put("GANTRY_ACCESS_KEY_ID", keyId);
    env.put("GANTRY_SECRET_ACCESS_KEY", secret);
    env.put("ECS_CLUSTER", CLUSTER);
    env.put("ECS_DATADIR", agentDir.toString());
    env.put("GANTRY_INSTANCE_ID", host);
    env.put("GANTRY_AVAILABILITY_ZONE", zone);
    env.put("ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached");
    return env;
  }

  private static AgentProcess start(Map<String, String> env) {
    try {
      return AgentProcess.start(env);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void delete(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
