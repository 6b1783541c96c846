package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.it.DockerCli.RunningContainer;
import dev.gantry.testkit.AgentProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Fencing under a real network partition: two agents on the one dockerd, one of them inside a
 * network namespace whose only link to the server is a veth pair, each running one task of two
 * services. Then the link goes down. The singleton (desired 1, maximumPercent 100) must never run
 * twice: its cut-off agent stops it once its lease lapses, and the server starts the replacement on
 * the other agent only after the lease, the stopTimeout and the fencing margin. The same task with
 * maximumPercent 200 is not fenced: it keeps running while cut off, next to its replacement, as
 * in ECS. When the link comes back the returning agent reports the singleton STOPPED and stops
 * the replaced copy of the other service, so one copy of each runs.
 *
 * <p>What ran is read from dockerd (`docker ps` every 100 ms, and the containers' own start and
 * finish times), not from the control plane, which cannot know while the agent is cut off.
 */
class FencingPartitionScenarioTest extends PartitionTestBase {
  private static final Duration FENCING_MARGIN = Duration.ofSeconds(2);
  /** What the server grants: the liveness TTL plus half the fencing margin. */
  private static final Duration LEASE = LIVENESS_TTL.plus(FENCING_MARGIN.dividedBy(2));
  private AgentProcess cutOff;

  @Override
  protected Duration fencingMargin() {
    return FENCING_MARGIN;
  }

  @Test
  void aSingletonCutOffFromTheServerIsStoppedByItsAgentBeforeItsReplacementStartsAndOnlyThen() throws Exception {
    CompletableFuture<AgentProcess> starting = startInNamespace(hostEnvironment("fence-cut", "us-east-1b"));
    String host = startHosts("fence-host").getFirst().containerInstanceArn();
    cutOff = starting.join();
    String cut = cutOff.containerInstanceArn();

    // both tasks on the agent to be cut off: the other instance DRAINING until they are placed
    ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(host)
        .status(ContainerInstanceStatus.DRAINING));
    String singleFamily = "fence-single-" + cluster;
    String doubleFamily = "fence-double-" + cluster;
    String single = register(singleFamily, "sleep", "600");
    String twice = register(doubleFamily, "sleep", "600");
    ecs.createService(r -> r.cluster(cluster).serviceName("single").taskDefinition(single).desiredCount(1)
        .deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(0)));
    ecs.createService(r -> r.cluster(cluster).serviceName("double").taskDefinition(twice).desiredCount(1)
        .deploymentConfiguration(d -> d.maximumPercent(200).minimumHealthyPercent(0)));
    Task oldSingle = servingOn(watch("single").until("the singleton RUNNING on the namespaced agent", SCENARIO,
        o -> o.serving(single).size() == 1), cut);
    Task oldDouble = servingOn(watch("double").until("the max-200 task RUNNING on the namespaced agent", SCENARIO,
        o -> o.serving(twice).size() == 1), cut);
    ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(host)
        .status(ContainerInstanceStatus.ACTIVE));

    try (DockerTimeline timeline = DockerTimeline.start(List.of(cut, host), Duration.ofMillis(100),
        Duration.ofSeconds(90))) {
      timeline.until("both tasks' containers running", SCENARIO,
          s -> has(s, oldSingle.taskArn()) && has(s, oldDouble.taskArn()));
      Instant cutAt = Instant.now();
      network.cut();
      DockerTimeline.Sample replacedSingle = timeline.until("the singleton's replacement running on the other agent",
          SCENARIO, s -> s.ofFamily(singleFamily).stream().anyMatch(c -> c.containerInstanceArn().equals(host)));
      DockerTimeline.Sample replacedDouble = timeline.until("the max-200 replacement running on the other agent",
          SCENARIO, s -> s.ofFamily(doubleFamily).stream().anyMatch(c -> c.containerInstanceArn().equals(host)));
      String newSingle = onInstance(replacedSingle, singleFamily, host).taskArn();
      String newDouble = onInstance(replacedDouble, doubleFamily, host).taskArn();

      // while still cut off: the singleton fenced itself before its replacement, the other did not
      JsonNode oldSingleState = state(oldSingle.taskArn());
      JsonNode newSingleState = state(newSingle);
      Instant oldSingleFinished = Instant.parse(oldSingleState.path("FinishedAt").asText());
      Instant newSingleStarted = Instant.parse(newSingleState.path("StartedAt").asText());
      String story = "cut at " + cutAt + "; old singleton finished " + oldSingleFinished + ", replacement started "
          + newSingleStarted + "; samples " + timeline.size() + ", longest gap " + timeline.longestGap()
          + agentOutputs();
      assertThat(oldSingleState.path("Running").asBoolean()).as("the cut-off singleton stopped; %s", story).isFalse();
      assertThat(oldSingleFinished).as("the old singleton exited before its replacement started; %s", story)
          .isBefore(newSingleStarted);
      assertThat(oldSingleFinished).as("stopped after the cut, with SIGTERM then SIGKILL after the stopTimeout"
          + " (sleep ignores SIGTERM); %s", story).isAfterOrEqualTo(cutAt.plus(STOP_TIMEOUT));
      assertThat(cutOff.output()).as("the cut-off agent says its lease fence stopped the singleton alone")
          .contains("lease: stopping 1 fenced task(s)");
      assertThat(newSingleStarted).as("replaced only after the TTL and the stopTimeout; %s", story)
          .isAfterOrEqualTo(cutAt.plus(LIVENESS_TTL).plus(STOP_TIMEOUT));
      assertThat(state(oldDouble.taskArn()).path("Running").asBoolean())
          .as("the max-200 task is not fenced: it still runs cut off, beside its replacement; %s", story).isTrue();
      assertThat(timeline.mostRunning(doubleFamily)).as("two copies of the max-200 service ran at once").isEqualTo(2);

      Instant healAt = Instant.now();
      network.heal();
      ServiceWatch.Observation healed = watch("single").until("the old singleton reported STOPPED after the heal",
          SCENARIO, o -> o.tasks().stream().anyMatch(t -> t.taskArn().equals(oldSingle.taskArn()) && stopped(t))
              && o.serving(single).size() == 1);
      assertThat(healed.serving()).singleElement().satisfies(t -> {
        assertThat(t.taskArn()).isEqualTo(newSingle);
        assertThat(t.containerInstanceArn()).isEqualTo(host);
      });
      watch("double").until("the replaced max-200 task STOPPED by its returning agent", SCENARIO,
          o -> o.tasks().stream().anyMatch(t -> t.taskArn().equals(oldDouble.taskArn()) && stopped(t))
              && o.serving(twice).size() == 1);
      DockerTimeline.Sample settled = timeline.until("one container of each service, both on the other agent",
          SCENARIO, s -> s.ofFamily(doubleFamily).size() == 1 && s.ofFamily(singleFamily).size() == 1);
      assertThat(settled.ofFamily(singleFamily)).extracting(RunningContainer::taskArn).containsExactly(newSingle);
      assertThat(settled.ofFamily(doubleFamily)).extracting(RunningContainer::taskArn).containsExactly(newDouble);

      assertThat(timeline.failures()).as("docker ps failures (blind spots)").isEmpty();
      // the exact order is dockerd's FinishedAt/StartedAt above; this bounds how blind the samples were
      assertThat(timeline.longestGap()).as("the timeline looked often enough").isLessThan(Duration.ofSeconds(2));
      assertThat(timeline.firstAbove(singleFamily, 1)).as("never two singletons in any of %d samples; %s",
          timeline.size(), story).isEmpty();
      assertThat(timeline.lastSeen(oldSingle.taskArn()).orElseThrow())
          .as("the fenced singleton never ran again, not even after the heal at %s", healAt)
          .isBefore(timeline.firstSeen(newSingle).orElseThrow());
      System.err.println("FencingPartitionScenarioTest: after the cut, the singleton exited at +"
          + Duration.between(cutAt, oldSingleFinished).toMillis() + " ms and its replacement started at +"
          + Duration.between(cutAt, newSingleStarted).toMillis() + " ms (lease " + LEASE.toMillis() + " ms, TTL "
          + LIVENESS_TTL.toMillis() + " ms, stopTimeout " + STOP_TIMEOUT.toMillis() + " ms, margin "
          + FENCING_MARGIN.toMillis() + " ms); healed after " + Duration.between(cutAt, healAt).toMillis()
          + " ms, settled " + Duration.between(healAt, settled.at()).toMillis() + " ms later; "
          + timeline.size() + " docker ps samples, longest gap " + timeline.longestGap().toMillis() + " ms");
    }
    deleteService("single");
    deleteService("double");
  }

  private static Task servingOn(ServiceWatch.Observation o, String instance) {
    Task t = o.serving().getFirst();
    assertThat(t.containerInstanceArn()).as("placed on the namespaced agent:\n%s", o).isEqualTo(instance);
    return t;
  }

  private static boolean has(DockerTimeline.Sample s, String taskArn) {
    return s.running().stream().anyMatch(c -> c.taskArn().equals(taskArn));
  }

  private static RunningContainer onInstance(DockerTimeline.Sample s, String family, String instance) {
    return s.ofFamily(family).stream().filter(c -> c.containerInstanceArn().equals(instance)).findFirst()
        .orElseThrow();
  }

}
