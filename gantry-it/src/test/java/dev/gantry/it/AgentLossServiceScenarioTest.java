package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testkit.AgentProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An agent killed with SIGKILL: once it has been silent for the liveness TTL plus the replace
 * grace, its service tasks are replaced on the other hosts; started again, the agent stops the
 * containers of the tasks that were replaced (they are desired STOPPED now).
 */
class AgentLossServiceScenarioTest extends ServiceTestBase {
  @Test
  void theTasksOfAKilledAgentAreReplacedOnTheOthersAndStoppedWhenItReturns() throws Exception {
    List<AgentProcess> agents = startHosts("loss-a", "loss-b", "loss-c");
    String sleeper = register("loss", "sleep", "600");
    ecs.createService(r -> r.cluster(cluster).serviceName("loss").taskDefinition(sleeper).desiredCount(3));
    ServiceWatch watch = watch("loss");
    ServiceWatch.Observation before = watch.until("a task on each of the 3 hosts", SCENARIO,
        o -> steady(o, 3, sleeper) && o.servingPerInstance().size() == 3);

    AgentProcess victim = agents.getFirst();
    String lost = victim.containerInstanceArn();
    Task lostTask = before.serving().stream().filter(t -> t.containerInstanceArn().equals(lost)).findFirst()
        .orElseThrow();
    String lostContainer = DockerCli.idsWithLabel(DockerCli.TASK_ARN_LABEL, lostTask.taskArn()).getFirst();
    Map<String, String> victimEnv = environmentOf(victim);
    Instant killed = Instant.now();
    victim.kill();

    ServiceWatch.Observation replaced = watch.until("3 tasks serving on the 2 other hosts", SCENARIO,
        o -> o.serving(sleeper).size() == 3 && !o.servingPerInstance().containsKey(lost));
    Duration took = Duration.between(killed, replaced.at());
    assertThat(took).as("replaced after the liveness TTL plus the grace, not before")
        .isGreaterThanOrEqualTo(LIVENESS_TTL);
    assertThat(replaced.servingPerInstance()).containsOnlyKeys(agents.get(1).containerInstanceArn(),
        agents.get(2).containerInstanceArn());
    assertThat(replaced.tasks()).filteredOn(t -> t.taskArn().equals(lostTask.taskArn())).singleElement()
        .satisfies(t -> assertThat(t.desiredStatus()).isEqualTo("STOPPED"));
    assertThat(DockerCli.inspect(lostContainer).path("State").path("Running").asBoolean())
        .as("the dead agent's container still runs: nobody can stop it").isTrue();

    AgentProcess back = startAgent(victimEnv);
    assertThat(back.containerInstanceArn()).isEqualTo(lost);
    await("the returning agent stops the replaced task's container", SCENARIO,
        () -> DockerCli.inspect(lostContainer).path("State").path("Running").asBoolean(), running -> !running);
    ServiceWatch.Observation after = watch.until("the replaced task STOPPED, 3 serving", SCENARIO,
        o -> o.tasks().stream().anyMatch(t -> t.taskArn().equals(lostTask.taskArn())
            && "STOPPED".equals(t.lastStatus())) && o.serving(sleeper).size() == 3);
    assertThat(Set.copyOf(after.servingArns())).doesNotContain(lostTask.taskArn());
    deleteService("loss");
  }
}
