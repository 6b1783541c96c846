package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * REPLICA services on three hosts (zones a, b, c) of one dockerd: scaling, a rolling update
 * observed at every moment, replacement of a task whose essential container died, the circuit
 * breaker's rollback, and the AWS CLI's services-stable waiter. Each scenario has its own service
 * and deletes it at the end.
 */
class ReplicaServiceScenariosTest extends ServiceTestBase {
  private static final Path AWS = Path.of("/usr/bin/aws");
  private List<String> hosts;

  @BeforeAll
  void startThreeHosts() throws Exception {
    hosts = startHosts("replica-a", "replica-b", "replica-c").stream().map(a -> a.containerInstanceArn()).toList();
  }

  private Service create(String name, String taskDefinition, int desired, int minimumHealthy, int maximum) {
    return ecs.createService(r -> r.cluster(cluster).serviceName(name).taskDefinition(taskDefinition)
        .desiredCount(desired).deploymentConfiguration(c -> c.minimumHealthyPercent(minimumHealthy)
            .maximumPercent(maximum))).service();
  }

  private void scale(String name, int desired) {
    ecs.updateService(r -> r.cluster(cluster).service(name).desiredCount(desired));
  }

  @Test
  void scalesOutAcrossTheThreeZonesThenScalesInNeverOvershooting() {
    String sleeper = register("scale", "sleep", "600");
    create("scale", sleeper, 1, 100, 200);
    ServiceWatch watch = watch("scale").check(ServiceWatch.atMostLive(1));
    watch.until("1 task serving", SCENARIO, o -> steady(o, 1, sleeper));

    watch.clearChecks();
    watch.check(ServiceWatch.atMostLive(5));
    scale("scale", 5);
    ServiceWatch.Observation out = watch.until("5 tasks serving", SCENARIO, o -> steady(o, 5, sleeper));
    assertThat(out.servingPerInstance()).as("spread over the zones: 2, 2, 1")
        .containsOnlyKeys(hosts).allSatisfy((host, n) -> assertThat(n).isBetween(1L, 2L));
    assertThat(out.serving()).allSatisfy(t -> {
      assertThat(t.group()).isEqualTo("service:scale");
      assertThat(t.startedBy()).isEqualTo(out.service().deployments().getFirst().id());
    });

    // Scale in only once all 5 count healthy (RUNNING past the settle time): a task still settling
    // is stopped first whatever its zone, and minimumHealthyPercent keeps the settled ones, so
    // scaling in earlier makes the zones left depend on which tasks happened to settle in time.
    ServiceWatch.Observation settled = watch.until("5 tasks serving past the settle time", SCENARIO, o -> steady(o, 5, sleeper)
        && o.serving().stream().allMatch(t -> t.startedAt().plus(SETTLE_TIME).isBefore(Instant.now())));
    Set<String> before = settled.servingArns();
    scale("scale", 2);
    ServiceWatch.Observation in = watch.until("2 tasks serving", SCENARIO, o -> steady(o, 2, sleeper));
    assertThat(before).as("scale-in keeps tasks, starts none").containsAll(in.servingArns());
    assertThat(in.servingPerInstance()).as("the 2 left in two zones (ECS scale-in keeps the spread); %s", in).hasSize(2);
    assertThat(in.service().events()).extracting(e -> e.message())
        .anyMatch(m -> m.startsWith("(service scale) has started "))
        .anyMatch(m -> m.startsWith("(service scale) has stopped "))
        .anyMatch(m -> m.equals("(service scale) has reached a steady state."));
    assertInvariantsHeld(watch);
    deleteService("scale");
  }

  @Test
  void aRollingUpdateReplacesEveryTaskWithinMinimumHealthyAndMaximumPercent() {
    String v1 = register("rolling", "sleep", "601");
    String v2 = register("rolling", "sleep", "602");
    create("rolling", v1, 4, 50, 150);
    ServiceWatch watch = watch("rolling");
    ServiceWatch.Observation first = watch.until("4 tasks of revision 1", SCENARIO, o -> steady(o, 4, v1));
    Set<String> old = first.servingArns();

    // 4 desired: at most floor(4 x 1.5) = 6 tasks at once, at least ceil(4 x 0.5) = 2 serving
    watch.check(ServiceWatch.atMostLive(6)).check(ServiceWatch.atLeastServing(2));
    ecs.updateService(r -> r.cluster(cluster).service("rolling").taskDefinition(v2));
    ServiceWatch.Observation done = watch.until("4 tasks of revision 2 and nothing else", SCENARIO,
        o -> steady(o, 4, v2));

    assertThat(done.servingArns()).doesNotContainAnyElementsOf(old);
    assertThat(done.tasks()).filteredOn(t -> old.contains(t.taskArn()))
        .allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED"));
    assertThat(done.service().taskDefinition()).isEqualTo(v2);
    assertThat(watch.history()).as("both revisions ran side by side at some moment")
        .anyMatch(o -> !o.serving(v1).isEmpty() && !o.serving(v2).isEmpty());
    assertInvariantsHeld(watch);
    deleteService("rolling");
  }

  @Test
  void aTaskWhoseEssentialContainerExitsIsReplaced() {
    String sleeper = register("essential", "sleep", "600");
    create("essential", sleeper, 2, 100, 200);
    ServiceWatch watch = watch("essential").check(ServiceWatch.atMostLive(2));
    Set<String> first = watch.until("2 tasks serving", SCENARIO, o -> steady(o, 2, sleeper)).servingArns();
    String victim = first.iterator().next();

    DockerCli.killTaskContainers(victim);
    ServiceWatch.Observation after = watch.until("the killed task STOPPED and a replacement serving", SCENARIO,
        o -> steady(o, 2, sleeper) && !o.servingArns().contains(victim));

    Task stopped = after.tasks().stream().filter(t -> t.taskArn().equals(victim)).findFirst().orElseThrow();
    assertThat(stopped.lastStatus()).isEqualTo("STOPPED");
    assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    Set<String> now = new HashSet<>(after.servingArns());
    now.removeAll(first);
    assertThat(now).as("one new task").hasSize(1);
    assertInvariantsHeld(watch);
    deleteService("essential");
  }

  @Test
  void theCircuitBreakerRollsBackADeploymentWhoseContainerExitsAtOnce() {
    String good = register("breaker", "sleep", "600");
    String failing = register("breaker", "false");
    ecs.createService(r -> r.cluster(cluster).serviceName("breaker").taskDefinition(good).desiredCount(2)
        .deploymentConfiguration(c -> c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
    ServiceWatch watch = watch("breaker");
    String goodDeployment = watch.until("2 good tasks, rollout COMPLETED", SCENARIO, o -> steady(o, 2, good))
        .service().deployments().getFirst().id();

    int updatedAt = watch.observations();
    ecs.updateService(r -> r.cluster(cluster).service("breaker").taskDefinition(failing));
    // the rollback may finish between two observations: wait for its end state, then check its traces
    ServiceWatch.Observation back = watch.until("the good deployment primary again with 2 tasks, no failing task left",
        SCENARIO, o -> o.service().deployments().stream().anyMatch(d -> "PRIMARY".equals(d.status())
            && d.id().equals(goodDeployment)) && o.serving(good).size() == 2
            && o.live().stream().noneMatch(t -> t.taskDefinitionArn().equals(failing))
            && o.service().events().stream().anyMatch(e -> e.message().contains("deployment failed")));

    List<Task> failedTasks = back.tasks().stream().filter(t -> t.taskDefinitionArn().equals(failing)
        && "EssentialContainerExited".equals(t.stopCodeAsString())).toList();
    assertThat(failedTasks).as("tasks that exited at once reach the threshold, 3 for 2 desired").hasSizeGreaterThanOrEqualTo(3);
    assertThat(back.service().events()).extracting(e -> e.message())
        .anyMatch(m -> m.contains("deployment failed: tasks failed to start"))
        .anyMatch(m -> m.contains("rolling back to deployment " + goodDeployment));
    await("the failed rollout listed as ROLLBACK_SUCCESSFUL", SCENARIO,
        () -> ecs.listServiceDeployments(r -> r.cluster(cluster).service("breaker")).serviceDeployments(),
        list -> list.stream().anyMatch(d -> d.status() == ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL));
    assertThat(back.service().taskDefinition()).isEqualTo(good);
    assertThat(watch.history().subList(updatedAt, watch.observations()))
        .as("the good tasks served throughout the failed rollout")
        .allSatisfy(o -> assertThat(o.serving(good).size()).isGreaterThanOrEqualTo(2));
    deleteService("breaker");
  }

  @Test
  void awsCliWaitServicesStableReturnsOnceTheTasksRun() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(AWS), AWS + " is absent: install Debian's awscli");
    String sleeper = register("stable", "sleep", "600");
    create("stable", sleeper, 2, 100, 200);

    Path empty = Files.createTempFile("gantry-aws-config-", "");
    try {
      ProcessBuilder builder = new ProcessBuilder(AWS.toString(), "ecs", "wait", "services-stable", "--cluster",
          cluster, "--services", "stable", "--endpoint-url", server.endpoint().toString(), "--region", REGION)
          .redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.put("AWS_ACCESS_KEY_ID", accessKeyId);
      env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
      env.put("AWS_CONFIG_FILE", empty.toString());
      env.put("AWS_SHARED_CREDENTIALS_FILE", empty.toString());
      env.remove("AWS_PROFILE");
      Process wait = builder.start();
      // the CLI's waiter asks every 15 s: a stable service returns at the first or second asking
      boolean finished = wait.waitFor(60, TimeUnit.SECONDS);
      if (!finished) {
        wait.destroyForcibly();
      }
      String output = new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(finished).as("aws ecs wait services-stable finished within 60 s: %s", output).isTrue();
      assertThat(wait.exitValue()).as("exit status; output: %s", output).isZero();
    } finally {
      deleteQuietly(empty);
    }
    ServiceWatch.Observation o = watch("stable").observe();
    assertThat(o.service().runningCount()).isEqualTo(2);
    assertThat(o.serving(sleeper)).hasSize(2);
    deleteService("stable");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temp file left behind harms nothing
    }
  }
}
