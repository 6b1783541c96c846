package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.DesiredStatus;
import dev.gantry.placement.Constraint;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of the reconciler, checked on {@link Simulation}: the loop reconcile -> apply the
 * plan -> tasks progress, one second at a time, with deployments, drains and partitions thrown in.
 */
class ReconcilerPropertiesTest {
  private static final int[] MIN_PERCENT = {0, 25, 50, 75, 100};
  private static final int[] MAX_PERCENT = {100, 125, 150, 200};
  private static final int[] AGENT_STOP_TIMEOUT = {30, 3, 60, 100};

  private static ServiceSpec replica(int desired, int min, int max) {
    return Fixtures.service().desired(desired).percents(min, max).build();
  }

  private static Simulation world(ServiceSpec spec, int hosts, long seed) {
    Simulation sim = new Simulation(spec, seed);
    for (int i = 0; i < hosts; i++) {
      sim.addHost("h" + i, "us-east-1" + (char) ('a' + i % 3));
    }
    return sim;
  }

  /** A deployment can make progress unless minimum and maximum both pin the count. */
  private static boolean canProgress(ServiceSpec spec) {
    DeploymentConfig c = spec.deploymentConfiguration();
    int d = spec.desiredCount();
    return c.maximumTasks(d) > d || c.minimumHealthy(d) < d;
  }

  @Property
  void neverMoreThanMaximumPercentRunningPendingOrStopping(@ForAll @IntRange(min = 1, max = 6) int desired,
      @ForAll @IntRange(min = 0, max = 4) int min, @ForAll @IntRange(min = 0, max = 3) int max,
      @ForAll @IntRange(min = 1, max = 4) int hosts, @ForAll @IntRange(min = 0, max = 60) int deployAt,
      @ForAll @IntRange(min = 0, max = 3) int failures, @ForAll long seed) {
    Simulation sim = world(replica(desired, MIN_PERCENT[min], MAX_PERCENT[max]), hosts, seed);
    for (int second = 0; second < 150; second++) {
      if (second == deployAt) {
        String id = sim.deploy(seed % 2 == 0);
        if (failures == 3) {
          sim.failing.add(id); // a bad revision: its tasks never start
        }
      }
      if (second == deployAt + 20 && failures == 1) {
        sim.hosts.get("h0").status = ContainerInstanceStatus.DRAINING;
      }
      if (second == deployAt + 10 && failures == 2) {
        sim.desired(desired + 2);
      }
      sim.step();
      assertThat(sim.notStopped()).as("tasks not STOPPED at %s", sim.now).isLessThanOrEqualTo(sim.maximumTasks());
    }
  }

  @Property
  void neverFewerThanMinimumHealthyDuringADeploymentWhenCapacityAllows(
      @ForAll @IntRange(min = 1, max = 6) int desired, @ForAll @IntRange(min = 0, max = 4) int min,
      @ForAll @IntRange(min = 0, max = 3) int max, @ForAll @IntRange(min = 2, max = 4) int hosts,
      @ForAll boolean healthChecks, @ForAll boolean drain, @ForAll long seed) {
    ServiceSpec spec = replica(desired, MIN_PERCENT[min], MAX_PERCENT[max]);
    Simulation sim = world(spec, hosts, seed);
    runUntilSteady(sim, 60);
    sim.deploy(healthChecks);
    if (drain) {
      sim.hosts.get("h0").status = ContainerInstanceStatus.DRAINING;
    }
    for (int second = 0; second < 200; second++) {
      sim.step();
      assertThat(sim.healthy()).as("healthy tasks at %s", sim.now).isGreaterThanOrEqualTo(sim.minimumHealthy());
    }
    if (canProgress(spec)) {
      assertThat(sim.primary().rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
      assertThat(sim.running()).hasSize(desired).allSatisfy(t -> {
        assertThat(t.deployment).isEqualTo(sim.primary().id());
        assertThat(t.host).isNotEqualTo(drain ? "h0" : "none");
      });
      assertThat(sim.spec.deployments()).filteredOn(d -> d.status() == DeploymentStatus.ACTIVE).isEmpty();
    }
  }

  @Property
  void anAtMostDesiredServiceNeverRunsMoreCopiesThanDesiredEvenAcrossAPartition(
      @ForAll @IntRange(min = 1, max = 3) int desired, @ForAll @IntRange(min = 0, max = 2) int min,
      @ForAll @IntRange(min = 2, max = 4) int hosts, @ForAll @IntRange(min = 0, max = 60) int partitionAfter,
      @ForAll @IntRange(min = 1, max = 120) int partitionFor, @ForAll @IntRange(min = 0, max = 3) int stopTimeout,
      @ForAll long seed) {
    Simulation sim = world(replica(desired, MIN_PERCENT[min], 100), hosts, seed);
    Simulation.Host cut = sim.hosts.get("h" + Math.floorMod(seed, hosts));
    // the cut-off agent's ECS_CONTAINER_STOP_TIMEOUT: the default, shorter, or longer than it
    cut.stopTimeout(Duration.ofSeconds(AGENT_STOP_TIMEOUT[stopTimeout]));
    runUntilSteady(sim, 60);
    for (int second = 0; second < 240; second++) {
      if (second == partitionAfter) {
        cut.partitioned = true;
      }
      if (second == partitionAfter + partitionFor) {
        cut.partitioned = false;
      }
      sim.step();
      assertThat(sim.alive()).as("copies really running at %s", sim.now).isLessThanOrEqualTo(desired);
    }
    // the agent is back: whatever was replaced on it has stopped, and the service is whole again
    assertThat(sim.tasksOn(cut)).allSatisfy(t -> assertThat(t.desired == DesiredStatus.STOPPED
        && t.last != TaskStatus.STOPPED).isFalse());
    assertThat(sim.healthy()).isEqualTo(desired);
  }

  @Property
  void aDaemonRunsExactlyOneTaskOnEveryEligibleInstance(@ForAll @IntRange(min = 1, max = 5) int hosts,
      @ForAll @IntRange(min = 0, max = 31) int roles, @ForAll @IntRange(min = 0, max = 31) int rolesLater,
      @ForAll boolean join, @ForAll boolean drain, @ForAll boolean deploy, @ForAll long seed) {
    ServiceSpec spec = Fixtures.service().daemon().constraints(new Constraint.MemberOf("attribute:role == daemon",
        i -> i.attribute("role").filter("daemon"::equals).isPresent())).build();
    Simulation sim = world(spec, hosts, seed);
    sim.hosts.values().forEach(h -> h.attributes.put("role", (roles >> index(h) & 1) == 1 ? "daemon" : "web"));
    runDaemonFor(sim, 30);
    if (join) {
      sim.addHost("late", "us-east-1a").attributes.put("role", "daemon");
    }
    if (drain) {
      sim.hosts.get("h0").status = ContainerInstanceStatus.DRAINING;
    }
    sim.hosts.values().forEach(h -> h.attributes.put("role", (rolesLater >> index(h) & 1) == 1 ? "daemon" : "web"));
    if (deploy) {
      sim.deploy(false);
    }
    runDaemonFor(sim, 40);
    for (Simulation.Host h : sim.hosts.values()) {
      boolean eligible = h.status == ContainerInstanceStatus.ACTIVE && "daemon".equals(h.attributes.get("role"));
      List<Simulation.SimTask> on = sim.tasksOn(h).stream().filter(t -> t.last != TaskStatus.STOPPED).toList();
      assertThat(on).as("tasks on %s", h.id).hasSize(eligible ? 1 : 0)
          .allSatisfy(t -> assertThat(t.deployment).isEqualTo(sim.primary().id()));
    }
    assertThat(sim.primary().rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
  }

  @Property(tries = 50)
  void theSameSeedGivesTheSamePlans(@ForAll @IntRange(min = 1, max = 6) int desired,
      @ForAll @IntRange(min = 0, max = 4) int min, @ForAll @IntRange(min = 0, max = 3) int max,
      @ForAll boolean daemon, @ForAll long seed) {
    List<Plan> first = scriptedRun(desired, MIN_PERCENT[min], MAX_PERCENT[max], daemon, seed);
    List<Plan> second = scriptedRun(desired, MIN_PERCENT[min], MAX_PERCENT[max], daemon, seed);
    assertThat(second).isEqualTo(first);
  }

  private static List<Plan> scriptedRun(int desired, int min, int max, boolean daemon, long seed) {
    Fixtures.Service s = Fixtures.service().desired(desired).percents(min, daemon ? 100 : max);
    if (daemon) {
      s.daemon();
    }
    Simulation sim = world(s.build(), 4, seed);
    runFor(sim, 30);
    sim.deploy(false);
    sim.hosts.get("h1").status = ContainerInstanceStatus.DRAINING;
    runFor(sim, 60);
    return sim.trace;
  }

  private static int index(Simulation.Host h) {
    return h.id.equals("late") ? 4 : Integer.parseInt(h.id.substring(1));
  }

  /** Steps, checking maximumPercent 100 per instance: never two tasks of the daemon on one instance. */
  private static void runDaemonFor(Simulation sim, int seconds) {
    for (int i = 0; i < seconds; i++) {
      sim.step();
      for (Simulation.Host h : sim.hosts.values()) {
        assertThat(sim.tasksOn(h)).as("tasks not STOPPED on %s at %s", h.id, sim.now)
            .filteredOn(t -> t.last != TaskStatus.STOPPED).hasSizeLessThanOrEqualTo(1);
      }
    }
  }

  private static void runFor(Simulation sim, int seconds) {
    for (int i = 0; i < seconds; i++) {
      sim.step();
    }
  }

  private static void runUntilSteady(Simulation sim, int limit) {
    for (int i = 0; i < limit; i++) {
      Plan p = sim.step();
      if (p.deployments().get(0).rolloutState() == DeploymentRolloutState.COMPLETED && p.idle()) {
        return;
      }
    }
    throw new AssertionError("the service did not reach a steady state in " + limit + " s: " + sim.trace.getLast());
  }

}
