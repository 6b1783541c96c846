package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.it.DockerCli.RunningContainer;
import dev.gantry.testkit.AgentProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Fencing when the cut-off agent is also restarted: a singleton (desired 1, maximumPercent 100)
 * runs on an agent inside a network namespace; its link goes down, the agent is SIGKILLed at once
 * and started again while still cut off. The new process has never had an answer from the
 * server, so it has no lease of its own: it must keep the lease the old process saved in
 * ECS_DATADIR and stop the singleton by that lease's end, before the server starts the
 * replacement on the other agent (lease + stopTimeout + margin after the last poll it saw). When
 * the link comes back the restarted agent registers, reports the singleton STOPPED and never
 * starts it again.
 *
 * <p>What ran is read from dockerd (`docker ps` every 100 ms, and the containers' own start and
 * finish times). The fencing margin is longer than the default test timings so that the
 * restarted JVM is up well within the lease on a busy machine; the order checked is the same.
 */
class FencingRestartScenarioTest extends PartitionTestBase {
  private static final Duration FENCING_MARGIN = Duration.ofSeconds(6);
  private AgentProcess cutOff;
  private AgentProcess restarted;

  @Override
  protected Duration fencingMargin() {
    return FENCING_MARGIN;
  }

  @Test
  void anAgentRestartedWhileCutOffStopsItsSingletonByTheSavedLeaseBeforeTheReplacementStarts() throws Exception {
    Map<String, String> cutEnvironment = hostEnvironment("restart-cut", "us-east-1b");
    CompletableFuture<AgentProcess> starting = startInNamespace(cutEnvironment);
    String host = startHosts("restart-host").getFirst().containerInstanceArn();
    cutOff = starting.join();
    String cut = cutOff.containerInstanceArn();

    // the singleton on the agent to be cut off: the other instance DRAINING until it is placed
    ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(host)
        .status(ContainerInstanceStatus.DRAINING));
    String family = "restart-single-" + cluster;
    String single = register(family, "sleep", "600");
    ecs.createService(r -> r.cluster(cluster).serviceName("single").taskDefinition(single).desiredCount(1)
        .deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(0)));
    Task old = watch("single").until("the singleton RUNNING on the namespaced agent", SCENARIO,
        o -> o.serving(single).size() == 1).serving().getFirst();
    assertThat(old.containerInstanceArn()).isEqualTo(cut);
    ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(host)
        .status(ContainerInstanceStatus.ACTIVE));

    try (DockerTimeline timeline = DockerTimeline.start(List.of(cut, host), Duration.ofMillis(100),
        Duration.ofSeconds(90))) {
      timeline.until("the singleton's container running", SCENARIO,
          s -> s.running().stream().anyMatch(c -> c.taskArn().equals(old.taskArn())));
      Instant cutAt = Instant.now();
      network.cut();
      cutOff.kill();
      Instant killedAt = Instant.now();
      CompletableFuture<AgentProcess> restarting = startInNamespace(cutEnvironment);

      DockerTimeline.Sample replaced = timeline.until("the singleton's replacement running on the other agent",
          SCENARIO, s -> s.ofFamily(family).stream().anyMatch(c -> c.containerInstanceArn().equals(host)));
      restarted = restarting.join();
      assertThat(restarted.containerInstanceArn()).as("the restarted agent carries on as the saved instance")
          .isEqualTo(cut);
      String replacement = replaced.ofFamily(family).stream().filter(c -> c.containerInstanceArn().equals(host))
          .findFirst().orElseThrow().taskArn();

      JsonNode oldState = state(old.taskArn());
      Instant oldFinished = Instant.parse(oldState.path("FinishedAt").asText());
      Instant newStarted = Instant.parse(state(replacement).path("StartedAt").asText());
      String story = "cut at " + cutAt + ", old agent killed at " + killedAt + "; old singleton finished "
          + oldFinished + ", replacement started " + newStarted + "; samples " + timeline.size() + ", longest gap "
          + timeline.longestGap() + agentOutputs();
      assertThat(oldState.path("Running").asBoolean()).as("the restarted agent stopped the singleton; %s", story)
          .isFalse();
      assertThat(oldFinished).as("the old singleton exited before its replacement started; %s", story)
          .isBefore(newStarted);
      assertThat(oldFinished).as("stopped by the restarted agent, SIGTERM then SIGKILL after the stopTimeout"
          + " (sleep ignores SIGTERM); %s", story).isAfterOrEqualTo(killedAt.plus(STOP_TIMEOUT));
      assertThat(restarted.output()).as("the restarted agent stopped it on the previous process's lease")
          .contains("lease of the previous agent process lapsed").contains("stopping 1 fenced task(s)");

      network.heal();
      watch("single").until("the old singleton reported STOPPED by the restarted agent after the heal", SCENARIO,
          o -> o.tasks().stream().anyMatch(t -> t.taskArn().equals(old.taskArn()) && stopped(t))
              && o.serving(single).size() == 1);
      DockerTimeline.Sample settled = timeline.until("one singleton, on the other agent", SCENARIO,
          s -> s.ofFamily(family).size() == 1);
      assertThat(settled.ofFamily(family)).extracting(RunningContainer::taskArn).containsExactly(replacement);
      assertThat(restarted.output()).contains("Registered container instance " + cut + " again");

      assertThat(timeline.failures()).as("docker ps failures (blind spots)").isEmpty();
      assertThat(timeline.longestGap()).as("the timeline looked often enough").isLessThan(Duration.ofSeconds(2));
      assertThat(timeline.firstAbove(family, 1)).as("never two singletons in any of %d samples; %s",
          timeline.size(), story).isEmpty();
      assertThat(timeline.lastSeen(old.taskArn()).orElseThrow()).as("the fenced singleton never ran again")
          .isBefore(timeline.firstSeen(replacement).orElseThrow());
      System.err.println("FencingRestartScenarioTest: after the cut and the SIGKILL, the singleton exited at +"
          + Duration.between(cutAt, oldFinished).toMillis() + " ms and its replacement started at +"
          + Duration.between(cutAt, newStarted).toMillis() + " ms (TTL " + LIVENESS_TTL.toMillis()
          + " ms, stopTimeout " + STOP_TIMEOUT.toMillis() + " ms, margin " + FENCING_MARGIN.toMillis() + " ms)");
    }
    deleteService("single");
  }

}
