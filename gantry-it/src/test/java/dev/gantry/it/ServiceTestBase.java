package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.AgentProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Services end to end: the real server with its service scheduler, real agents on the local
 * dockerd (one per simulated host, each in its own availability zone), the AWS SDK. The
 * scheduler's timings are shortened (settle time, replace grace) so that a scenario stays well
 * under a minute; scenarios wait for conditions by polling, never by sleeping.
 *
 * <p>Every container an agent of the class made is removed after the class by AgentTestBase,
 * pass or fail, including those of an agent that was SIGKILLed (its containers outlive it).
 */
abstract class ServiceTestBase extends AgentTestBase {
  protected static final Duration SETTLE_TIME = Duration.ofSeconds(2);
  protected static final Duration REPLACE_GRACE = Duration.ofSeconds(2);
  protected static final Duration SCENARIO = Duration.ofSeconds(45);
  protected static final String BUSYBOX = "gantry-test/busybox:latest";
  private final Map<String, Map<String, String>> environments = new ConcurrentHashMap<>();

  @Override
  protected ServerConfig serverConfig(ServerConfig defaults) {
    return ServiceTimings.shortened(defaults, SETTLE_TIME, REPLACE_GRACE);
  }

  /** The environment of an agent standing for host {@code host} in zone {@code zone}. */
  protected Map<String, String> hostEnvironment(String host, String zone) throws Exception {
    Map<String, String> env = agentEnvironment(host, zone);
    env.put("ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached");
    return env;
  }

  /** Starts one agent per host (zones us-east-1a, b, c, ... in turn), in parallel; their ARNs in order. */
  protected List<AgentProcess> startHosts(String... hosts) throws Exception {
    List<CompletableFuture<AgentProcess>> starting = new ArrayList<>();
    List<Map<String, String>> envs = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      Map<String, String> env = hostEnvironment(hosts[i], "us-east-1" + (char) ('a' + i % 3));
      envs.add(env);
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return startAgent(env);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    List<AgentProcess> agents = new ArrayList<>();
    for (CompletableFuture<AgentProcess> agent : starting) {
      agents.add(agent.join());
    }
    agents.forEach(a -> environments.put(a.containerInstanceArn(), envs.get(agents.indexOf(a))));
    return agents;
  }

  /** The environment an agent of {@link #startHosts} was started with: the same again restarts that host. */
  protected Map<String, String> environmentOf(AgentProcess agent) {
    return environments.get(agent.containerInstanceArn());
  }

  /**
   * Registers a busybox task definition in {@code family} running {@code command}, with a short
   * stopTimeout (sleep as PID 1 ignores SIGTERM); its ARN.
   */
  protected String register(String family, String... command) {
    return ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(
        ContainerDefinition.builder().name("app").image(BUSYBOX).memory(16).essential(true).command(command)
            .stopTimeout(2).build())).taskDefinition().taskDefinitionArn();
  }

  protected ServiceWatch watch(String service) {
    return new ServiceWatch(ecs, cluster, service);
  }

  /** The service is steady: desired tasks serving, one deployment, COMPLETED. */
  protected static boolean steady(ServiceWatch.Observation o, int desired, String taskDefinitionArn) {
    Service s = o.service();
    return o.serving(taskDefinitionArn).size() == desired && o.live().size() == desired && s.deployments().size() == 1
        && s.runningCount() == desired && "COMPLETED".equals(s.deployments().getFirst().rolloutStateAsString());
  }

  /** Asserts that no invariant was violated in any observation, and that there were observations. */
  protected static void assertInvariantsHeld(ServiceWatch watch) {
    assertThat(watch.violations()).as("invariant violations over %d observations", watch.observations()).isEmpty();
    assertThat(watch.observations()).as("observations").isGreaterThan(1);
  }

  /** DeleteService --force and wait until its tasks are STOPPED, so the next scenario starts clean. */
  protected void deleteService(String service) {
    ecs.deleteService(r -> r.cluster(cluster).service(service).force(true));
    watch(service).until("the tasks of deleted service " + service + " STOPPED", SCENARIO,
        o -> o.live().isEmpty());
  }
}
