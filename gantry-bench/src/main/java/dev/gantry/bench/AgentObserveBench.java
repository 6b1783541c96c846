package dev.gantry.bench;

import dev.gantry.testkit.AgentProcess;
import dev.gantry.testkit.ServerProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What watching idle tasks costs dockerd, and how soon an exit is seen: a `gantry server`
 * process and one `gantry agent` process on the real dockerd, the agent's Docker connection
 * going through a {@link DockerCallCounter} relay. Once {@code --tasks} busybox tasks sleep
 * RUNNING, over {@code --window} seconds: dockerd's and the agent's CPU seconds (utime+stime
 * of /proc/PID/stat) and the agent's Engine API calls per second. Then, {@code --kills} times,
 * `docker kill` of one task's container and the seconds until DescribeTasks (polled every
 * 20 ms) shows that task STOPPED. Every container the agent made is removed afterwards.
 */
@Command(name = "agent-observe", mixinStandardHelpOptions = true,
    description = "dockerd CPU and agent Docker calls/s with idle tasks, and exit detection latency.")
final class AgentObserveBench implements Callable<Integer> {
  private static final String IMAGE = "gantry-test/busybox:latest";
  private static final String CLUSTER = "bench-observe";
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, as getconf CLK_TCK says on Linux

  @Option(names = "--tasks", description = "idle tasks on the agent (default ${DEFAULT-VALUE})")
  int tasks = 50;

  @Option(names = "--window", description = "seconds of the idle measurement (default ${DEFAULT-VALUE})")
  int window = 30;

  @Option(names = "--kills", description = "containers killed to time exit detection (default ${DEFAULT-VALUE})")
  int kills = 5;

  @Option(names = "--direct", description = "the agent talks to dockerd directly: no relay, no call counts")
  boolean direct;

  @Override
  public Integer call() throws Exception {
    long dockerd = dockerdPid();
    Path dataDir = Files.createTempDirectory("gantry-bench-observe-");
    Path agentDir = Files.createTempDirectory("gantry-bench-agent-");
    Path relayDir = Files.createTempDirectory("gantry-bench-relay-");
    String keyId = "AKIABENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    try (DockerCallCounter relay = DockerCallCounter.start(relayDir, Path.of("/var/run/docker.sock"));
        ServerProcess server = ServerProcess.start(dataDir, keyId, secret);
        ValidatingEcsClient client = ValidatingEcsClient.create(server.endpoint(), keyId, secret)) {
      EcsClient ecs = client.ecs();
      ecs.createCluster(r -> r.clusterName(CLUSTER));
      Map<String, String> env = new java.util.HashMap<>(FailoverBench.agentEnvironment(server, keyId, secret,
          agentDir, "observe-0", "us-east-1a"));
      env.put("ECS_CLUSTER", CLUSTER);
      if (!direct) {
        env.put("DOCKER_HOST", relay.dockerHost());
      }
      AgentProcess agent = AgentProcess.start(env);
      try {
        long agentPid = agentPid().orElse(-1L);
        List<String> arns = runTasks(ecs);
        awaitAll(ecs, arns, "RUNNING", 180);
        System.out.printf("%d tasks RUNNING; idle window of %d s%n", tasks, window);
        Thread.sleep(2000); // let the starts' own Docker calls drain out of the window
        long d0 = cpuTicks(dockerd);
        long a0 = agentPid > 0 ? cpuTicks(agentPid) : 0;
        long r0 = relay.requests();
        long i0 = relay.inspects();
        long t0 = System.nanoTime();
        Thread.sleep(window * 1000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double dockerdCpu = (cpuTicks(dockerd) - d0) / TICKS_PER_SECOND;
        double agentCpu = agentPid > 0 ? (cpuTicks(agentPid) - a0) / TICKS_PER_SECOND : Double.NaN;
        double calls = (relay.requests() - r0) / seconds;
        double inspects = (relay.inspects() - i0) / seconds;
        List<Double> latencies = killSome(ecs, arns);
        client.assertNoProblems();
        System.out.printf("idle window                 %6.1f s with %d RUNNING tasks%n", seconds, tasks);
        System.out.printf("dockerd CPU                 %6.2f s (%.1f %% of one core)%n", dockerdCpu,
            100 * dockerdCpu / seconds);
        System.out.printf("agent CPU                   %6.2f s (%.1f %% of one core)%n", agentCpu,
            100 * agentCpu / seconds);
        if (direct) {
          System.out.println("agent Docker API calls      not counted (--direct)");
        } else {
          System.out.printf("agent Docker API calls      %6.1f /s (container inspects %.1f /s)%n", calls, inspects);
        }
        System.out.printf("exit detection latency      median %.2f s, max %.2f s (%d kills: %s)%n",
            median(latencies), latencies.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
            latencies.size(), latencies.stream().map(l -> String.format("%.2f", l)).toList());
      } finally {
        agent.close();
        DockerCommand.removeInstanceContainers(agent.containerInstanceArn());
      }
    } finally {
      FailoverBench.delete(dataDir);
      FailoverBench.delete(agentDir);
      FailoverBench.delete(relayDir);
    }
    return 0;
  }

  private List<String> runTasks(EcsClient ecs) {
    String definition = ecs.registerTaskDefinition(r -> r.family("bench-observe").containerDefinitions(c -> c
        .name("app").image(IMAGE).memory(8).essential(true).command("sleep", "3600").stopTimeout(2)))
        .taskDefinition().taskDefinitionArn();
    List<String> arns = new ArrayList<>();
    while (arns.size() < tasks) {
      int count = Math.min(10, tasks - arns.size());
      ecs.runTask(r -> r.cluster(CLUSTER).taskDefinition(definition).count(count)).tasks()
          .forEach(t -> arns.add(t.taskArn()));
    }
    return arns;
  }

  /** Kills one task's container per round and times how long until the task shows STOPPED. */
  private List<Double> killSome(EcsClient ecs, List<String> arns) throws InterruptedException {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < Math.min(kills, arns.size()); i++) {
      String arn = arns.get(i);
      String container = describe(ecs, List.of(arn)).getFirst().containers().getFirst().runtimeId();
      long t0 = System.nanoTime();
      DockerCommand.check("kill", container);
      awaitAll(ecs, List.of(arn), "STOPPED", 60);
      double latency = (System.nanoTime() - t0) / 1e9;
      System.out.printf("  kill %d: STOPPED after %.2f s%n", i + 1, latency);
      out.add(latency);
    }
    return out;
  }

  private static void awaitAll(EcsClient ecs, List<String> arns, String status, int timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (true) {
      List<Task> now = describe(ecs, arns);
      if (now.size() == arns.size() && now.stream().allMatch(t -> status.equals(t.lastStatus()))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        long reached = now.stream().filter(t -> status.equals(t.lastStatus())).count();
        throw new IllegalStateException(reached + " of " + arns.size() + " tasks " + status + " after "
            + timeoutSeconds + " s");
      }
      Thread.sleep(20);
    }
  }

  private static List<Task> describe(EcsClient ecs, List<String> arns) {
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += 100) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
      out.addAll(ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(batch)).tasks());
    }
    return out;
  }

  private static long dockerdPid() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/dockerd") || c.equals("dockerd")).orElse(false))
        .findFirst().orElseThrow(() -> new IllegalStateException("no dockerd process found")).pid();
  }

  /** The `gantry agent` child of this JVM. */
  private static Optional<Long> agentPid() {
    return ProcessHandle.current().descendants()
        .map(ProcessHandle::pid).filter(pid -> commandLine(pid).contains("agent")).findFirst();
  }

  private static List<String> commandLine(long pid) {
    try {
      return List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
    } catch (IOException e) {
      return List.of(); // the process has ended
    }
  }

  /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2);
  }
}
