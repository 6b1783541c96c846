package dev.gantry.bench;

import dev.gantry.testkit.ServerProcess;
import dev.gantry.testkit.ValidatingEcsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Convergence: seconds from CreateService to N tasks RUNNING through Gantry (a `gantry dev`
 * process: server plus one local agent on this machine's dockerd), then from `docker service
 * create --replicas N` to N/N running in a single-node Docker Swarm on the same dockerd, the
 * same image and command; and the ratio. Swarm is set up for the run and torn down after it
 * (`docker service rm`, `docker swarm leave --force`) even when something fails; a dockerd that
 * is already part of a swarm is left alone and the run refuses.
 */
@Command(name = "converge", mixinStandardHelpOptions = true,
    description = "CreateService to N RUNNING tasks vs `docker service create --replicas N` on the same dockerd.")
final class ConvergeBench implements Callable<Integer> {
  private static final String IMAGE = "gantry-test/busybox:latest";
  private static final String SWARM_SERVICE = "gantry-bench-converge";
  private static final int TIMEOUT_SECONDS = 300;

  @Option(names = "--replicas", description = "tasks to converge to (default ${DEFAULT-VALUE})")
  int replicas = 50;

  @Option(names = "--skip-swarm", description = "measure Gantry only")
  boolean skipSwarm;

  @Option(names = "--dev-log", description = "write the `gantry dev` process's output (server and agent log) here")
  Path devLog;

  @Override
  public Integer call() throws Exception {
    if (!skipSwarm) {
      String state = DockerCommand.check("info", "--format", "{{.Swarm.LocalNodeState}}");
      if (!"inactive".equals(state)) {
        System.err.println("converge: this dockerd is already in a swarm (state " + state
            + "); not touching it. Leave it first or pass --skip-swarm.");
        return 2;
      }
    }
    double gantry = gantrySeconds();
    System.out.printf("gantry: CreateService to %d RUNNING   %6.1f s%n", replicas, gantry);
    if (skipSwarm) {
      return 0;
    }
    double swarm = swarmSeconds();
    System.out.printf("swarm:  service create to %d/%d running %6.1f s%n", replicas, replicas, swarm);
    System.out.printf("ratio gantry / swarm: %.2f%n", gantry / swarm);
    return 0;
  }

  private double gantrySeconds() throws Exception {
    Path dataDir = Files.createTempDirectory("gantry-bench-converge-");
    String instance = null;
    try (ServerProcess dev = ServerProcess.startDev(dataDir)) {
      Map<String, String> credentials = ServerProcess.devCredentials(dataDir);
      try (ValidatingEcsClient client = ValidatingEcsClient.create(dev.endpoint(),
          credentials.get("GANTRY_ROOT_ACCESS_KEY_ID"), credentials.get("GANTRY_ROOT_SECRET_ACCESS_KEY"))) {
        EcsClient ecs = client.ecs();
        instance = awaitAgent(ecs);
        String definition = ecs.registerTaskDefinition(r -> r.family("bench-converge").containerDefinitions(c -> c
            .name("app").image(IMAGE).memory(16).essential(true).command("sleep", "3600").stopTimeout(2)))
            .taskDefinition().taskDefinitionArn();
        ServiceTasks view = new ServiceTasks(ecs, "default", "converge");
        Instant wall0 = Instant.now();
        long t0 = System.nanoTime();
        ecs.createService(r -> r.cluster("default").serviceName("converge").taskDefinition(definition)
            .desiredCount(replicas));
        long[] created = {0};
        long done = view.awaitTasks(replicas + " tasks RUNNING", TIMEOUT_SECONDS, 100, t -> {
          if (created[0] == 0 && t.size() == replicas) {
            created[0] = System.nanoTime(); // splits the scheduler's part from the agent's
          }
          return ServiceTasks.running(t) == replicas;
        });
        System.out.printf("gantry: CreateService to %d tasks listed  %6.1f s%n", replicas, (created[0] - t0) / 1e9);
        printMilestones(view.tasks(), wall0);
        ecs.deleteService(r -> r.cluster("default").service("converge").force(true));
        client.assertNoProblems();
        if (devLog != null) {
          Files.writeString(devLog, dev.output());
        }
        return (done - t0) / 1e9;
      }
    } finally {
      if (instance != null) {
        DockerCommand.removeInstanceContainers(instance);
      }
      FailoverBench.delete(dataDir);
    }
  }

  /**
   * Where the time went, from the tasks' own timestamps as DescribeTasks shows them (seconds
   * after CreateService; first, median and last of the tasks): createdAt is the scheduler's,
   * pullStartedAt/pullStoppedAt the agent's, startedAt the server's receipt of RUNNING.
   */
  static void printMilestones(List<Task> tasks, Instant wall0) {
    System.out.println("gantry: milestones after CreateService  first  median   last  (s)");
    milestone("createdAt", tasks, Task::createdAt, wall0);
    milestone("pullStartedAt", tasks, Task::pullStartedAt, wall0);
    milestone("pullStoppedAt", tasks, Task::pullStoppedAt, wall0);
    milestone("startedAt", tasks, Task::startedAt, wall0);
  }

  private static void milestone(String name, List<Task> tasks, Function<Task, Instant> field, Instant wall0) {
    double[] s = tasks.stream().map(field).filter(Objects::nonNull)
        .mapToDouble(t -> Duration.between(wall0, t).toMillis() / 1e3).sorted().toArray();
    if (s.length == 0) {
      System.out.printf("  %-14s (none reported)%n", name);
      return;
    }
    System.out.printf("  %-14s %22.1f %7.1f %6.1f%n", name, s[0], s[s.length / 2], s[s.length - 1]);
  }

  /** The dev agent creates the default cluster as it registers: its container instance ARN once it has. */
  private static String awaitAgent(EcsClient ecs) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        List<String> arns = ecs.listContainerInstances(r -> r.cluster("default")).containerInstanceArns();
        if (!arns.isEmpty()) {
          return arns.getFirst();
        }
      } catch (ClusterNotFoundException notYet) {
        // the agent has not registered yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the dev agent did not register within 60 s");
  }

  private double swarmSeconds() throws InterruptedException {
    DockerCommand.check("swarm", "init", "--advertise-addr", "127.0.0.1");
    try {
      String want = replicas + "/" + replicas;
      long t0 = System.nanoTime();
      // --no-resolve-image: the image is local only; no registry is asked for its digest
      DockerCommand.check("service", "create", "--detach", "--quiet", "--no-resolve-image", "--name", SWARM_SERVICE,
          "--replicas", Integer.toString(replicas), IMAGE, "sleep", "3600");
      long deadline = t0 + TIMEOUT_SECONDS * 1_000_000_000L;
      String seen = "";
      while (System.nanoTime() < deadline) {
        seen = DockerCommand.check("service", "ls", "--filter", "name=" + SWARM_SERVICE, "--format", "{{.Replicas}}");
        if (seen.equals(want)) {
          return (System.nanoTime() - t0) / 1e9;
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("swarm did not reach " + want + " within " + TIMEOUT_SECONDS + " s; last "
          + seen);
    } finally {
      DockerCommand.Result rm = DockerCommand.run("service", "rm", SWARM_SERVICE);
      DockerCommand.Result leave = DockerCommand.run("swarm", "leave", "--force");
      // the swarm removes a service's containers asynchronously: whatever is left goes now
      String left = DockerCommand.run("ps", "-aq", "--filter", "label=com.docker.swarm.service.name=" + SWARM_SERVICE)
          .output();
      if (!left.isBlank()) {
        List<String> args = new java.util.ArrayList<>(List.of("rm", "-f"));
        args.addAll(List.of(left.split("\\s+")));
        DockerCommand.run(args.toArray(String[]::new));
      }
      if (!leave.ok()) {
        System.err.println("converge: docker swarm leave --force failed: " + leave.output() + " (service rm: "
            + rm.output() + ")");
      }
    }
  }
}
