package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testkit.AgentProcess;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A DAEMON service follows the cluster: one task per ACTIVE instance, a task for an instance
 * that joins later, none left on an instance set to DRAINING; never two on one instance.
 */
class DaemonServiceScenarioTest extends ServiceTestBase {
  @Test
  void aJoiningInstanceGetsItsTaskAndADrainingOneLosesIt() throws Exception {
    List<String> first = startHosts("daemon-a", "daemon-b").stream().map(AgentProcess::containerInstanceArn).toList();
    String sleeper = register("daemon", "sleep", "600");
    ecs.createService(r -> r.cluster(cluster).serviceName("daemon").taskDefinition(sleeper)
        .schedulingStrategy(SchedulingStrategy.DAEMON));
    ServiceWatch watch = watch("daemon").check(ServiceWatch.oneLivePerInstance());
    ServiceWatch.Observation two = watch.until("a task on each of the 2 instances", SCENARIO,
        o -> steady(o, 2, sleeper));
    assertThat(two.servingPerInstance()).containsOnlyKeys(first);
    assertThat(two.service().desiredCount()).as("DAEMON desiredCount = eligible instances").isEqualTo(2);

    String joined = startHosts("daemon-c").getFirst().containerInstanceArn();
    ServiceWatch.Observation three = watch.until("a task on the joining instance too", SCENARIO,
        o -> steady(o, 3, sleeper));
    assertThat(three.servingPerInstance()).containsOnlyKeys(first.get(0), first.get(1), joined);
    assertThat(three.servingArns()).as("the first two tasks untouched; %s%s", three, agentOutputs()).containsAll(two.servingArns());

    String drained = first.getFirst();
    Task onDrained = three.serving().stream().filter(t -> t.containerInstanceArn().equals(drained)).findFirst()
        .orElseThrow();
    ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(drained)
        .status(ContainerInstanceStatus.DRAINING));
    ServiceWatch.Observation drainedView = watch.until("no task left on the DRAINING instance", SCENARIO,
        o -> steady(o, 2, sleeper) && !o.servingPerInstance().containsKey(drained));
    assertThat(drainedView.servingPerInstance()).containsOnlyKeys(first.get(1), joined);
    assertThat(drainedView.tasks()).filteredOn(t -> t.taskArn().equals(onDrained.taskArn())).singleElement()
        .satisfies(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED"));
    assertThat(Set.copyOf(DockerCli.idsWithLabel(DockerCli.TASK_ARN_LABEL, onDrained.taskArn())))
        .allSatisfy(id -> assertThat(DockerCli.inspect(id).path("State").path("Running").asBoolean()).isFalse());
    assertThat(watch.history()).as("no task stopped by its agent's lease fence")
        .allSatisfy(o -> assertThat(o.tasks()).noneMatch(t -> String.valueOf(t.stoppedReason()).contains("lease")));
    assertInvariantsHeld(watch);
    deleteService("daemon");
  }
}
