package dev.gantry.bench;

import dev.gantry.testkit.ServerProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Time from RunTask to RUNNING through Gantry (a `gantry dev` process: server plus local
 * agent on the real dockerd, the image already present), next to a plain `docker run -d` of
 * the same image to a running container, alternating one of each so that both see the same
 * machine. RUNNING is observed the way a user sees it: DescribeTasks, polled every 5 ms.
 */
@Command(name = "run-task", mixinStandardHelpOptions = true,
    description = "RunTask-to-RUNNING of the demo web task vs `docker run -d` of the same image.")
final class TaskStartBench implements Callable<Integer> {
  private static final String IMAGE = "gantry-demo/web:1";

  @Option(names = "--runs", description = "measured starts of each kind (default ${DEFAULT-VALUE})")
  int runs = 20;

  @Option(names = "--warmup", description = "unmeasured starts of each kind first (default ${DEFAULT-VALUE})")
  int warmup = 3;

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("gantry-bench-tasks-");
    try (ServerProcess dev = ServerProcess.startDev(dataDir)) {
      Map<String, String> credentials = ServerProcess.devCredentials(dataDir);
      try (ValidatingEcsClient client = ValidatingEcsClient.create(dev.endpoint(),
          credentials.get("GANTRY_ROOT_ACCESS_KEY_ID"), credentials.get("GANTRY_ROOT_SECRET_ACCESS_KEY"))) {
        EcsClient ecs = client.ecs();
        awaitAgent(ecs);
        RegisterTaskDefinitionRequest web = RegisterTaskDefinitionRequest.builder().family("bench-web")
            .containerDefinitions(c -> c.name("web").image(IMAGE).memory(64).essential(true)
                .portMappings(p -> p.containerPort(8080).hostPort(0))
                .environment(e -> e.name("GREETING").value("hello from gantry")))
            .build();
        ecs.registerTaskDefinition(web);
        List<Long> gantry = new ArrayList<>();
        List<Long> docker = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
          long g = runTask(ecs);
          long d = dockerRun();
          if (i >= warmup) {
            gantry.add(g);
            docker.add(d);
            System.out.printf("  start %2d: gantry %7.1f ms  docker run %7.1f ms%n", i - warmup + 1, g / 1e6, d / 1e6);
          }
        }
        client.assertNoProblems();
        double gMedian = percentile(gantry, 0.5);
        double dMedian = percentile(docker, 0.5);
        System.out.printf("docker run -d      median %7.1f ms  p90 %7.1f ms  (%d runs)%n", dMedian / 1e6,
            percentile(docker, 0.9) / 1e6, runs);
        System.out.printf("gantry RunTask     median %7.1f ms  p90 %7.1f ms  (%d runs)%n", gMedian / 1e6,
            percentile(gantry, 0.9) / 1e6, runs);
        System.out.printf("ratio of medians (gantry / docker run): %.2f%n", gMedian / dMedian);
      }
    } finally {
      deleteRecursively(dataDir);
    }
    return 0;
  }

  private static void awaitAgent(EcsClient ecs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!agentRegistered(ecs)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the dev agent did not register within 60 s");
      }
      Thread.sleep(50);
    }
  }

  /** The dev agent creates the default cluster as it registers, so at first there may be none. */
  private static boolean agentRegistered(EcsClient ecs) {
    try {
      return !ecs.listContainerInstances(r -> r.cluster("default")).containerInstanceArns().isEmpty();
    } catch (software.amazon.awssdk.services.ecs.model.ClusterNotFoundException notYet) {
      return false;
    }
  }

  /** RunTask, then DescribeTasks until RUNNING; stops the task afterwards (not timed). */
  private static long runTask(EcsClient ecs) throws InterruptedException {
    long t0 = System.nanoTime();
    Task task = ecs.runTask(r -> r.cluster("default").taskDefinition("bench-web")).tasks().getFirst();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Task now = ecs.describeTasks(r -> r.cluster("default").tasks(task.taskArn())).tasks().getFirst();
      if ("RUNNING".equals(now.lastStatus())) {
        long elapsed = System.nanoTime() - t0;
        ecs.stopTask(r -> r.cluster("default").task(task.taskArn()));
        return elapsed;
      }
      if ("STOPPED".equals(now.lastStatus()) || System.nanoTime() > deadline) {
        throw new IllegalStateException("task " + task.taskArn() + " did not reach RUNNING: " + now);
      }
      Thread.sleep(5);
    }
  }

  /** `docker run -d` returns once the container has started; then it is removed (not timed). */
  private static long dockerRun() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process run = new ProcessBuilder("docker", "run", "-d", "-p", "8080", "-e", "GREETING=hello", "-m", "64m", IMAGE)
        .redirectErrorStream(true).start();
    String id = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (run.waitFor() != 0) {
      throw new IllegalStateException("docker run failed: " + id);
    }
    long elapsed = System.nanoTime() - t0;
    new ProcessBuilder("docker", "rm", "-f", id).redirectErrorStream(true).start().waitFor();
    return elapsed;
  }

  private static double percentile(List<Long> values, double p) {
    List<Long> sorted = values.stream().sorted().collect(Collectors.toList());
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
